import { defineContentScript } from 'wxt/utils/define-content-script';
import { instagram } from '@/utils/sites/instagram';
import { CONTENT_SCRIPT_OPTIONS, startContentScript } from '@/utils/overlay/start';

export default defineContentScript({
  matches: instagram.matches,
  ...CONTENT_SCRIPT_OPTIONS,
  main: (ctx) => startContentScript(instagram, ctx),
});
