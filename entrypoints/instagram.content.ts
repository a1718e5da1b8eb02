import { defineContentScript } from 'wxt/utils/define-content-script';
import { instagram } from '@/utils/sites/instagram';
import { startContentScript } from '@/utils/overlay/start';

export default defineContentScript({
  matches: instagram.matches,
  runAt: 'document_idle',
  main: (ctx) => startContentScript(instagram, ctx),
});
