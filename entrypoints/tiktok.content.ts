import { defineContentScript } from 'wxt/utils/define-content-script';
import { tiktok } from '@/utils/sites/tiktok';
import { CONTENT_SCRIPT_OPTIONS, startContentScript } from '@/utils/overlay/start';

export default defineContentScript({
  matches: tiktok.matches,
  ...CONTENT_SCRIPT_OPTIONS,
  main: (ctx) => startContentScript(tiktok, ctx),
});
