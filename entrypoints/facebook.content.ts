import { defineContentScript } from 'wxt/utils/define-content-script';
import { facebook } from '@/utils/sites/facebook';
import { startContentScript } from '@/utils/overlay/start';

export default defineContentScript({
  matches: facebook.matches,
  runAt: 'document_idle',
  main: (ctx) => startContentScript(facebook, ctx),
});
