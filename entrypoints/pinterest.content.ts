import { defineContentScript } from 'wxt/utils/define-content-script';
import { pinterest } from '@/utils/sites/pinterest';
import { CONTENT_SCRIPT_OPTIONS, startContentScript } from '@/utils/overlay/start';

export default defineContentScript({
  matches: pinterest.matches,
  ...CONTENT_SCRIPT_OPTIONS,
  main: (ctx) => startContentScript(pinterest, ctx),
});
