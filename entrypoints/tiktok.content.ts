import { defineContentScript } from 'wxt/utils/define-content-script';
import { tiktok } from '@/utils/sites/tiktok';
import { startContentScript } from '@/utils/overlay/start';

export default defineContentScript({
  matches: tiktok.matches,
  runAt: 'document_idle',
  main: (ctx) => startContentScript(tiktok, ctx),
});
