import { defineContentScript } from 'wxt/utils/define-content-script';
import { facebook } from '@/utils/sites/facebook';
import { CONTENT_SCRIPT_OPTIONS, startContentScript } from '@/utils/overlay/start';

export default defineContentScript({
  matches: facebook.matches,
  ...CONTENT_SCRIPT_OPTIONS,
  main: (ctx) => startContentScript(facebook, ctx),
});
