import { defineContentScript } from 'wxt/utils/define-content-script';
import { pinterest } from '@/utils/sites/pinterest';
import { startContentScript } from '@/utils/overlay/start';

export default defineContentScript({
  matches: pinterest.matches,
  runAt: 'document_idle',
  main: (ctx) => startContentScript(pinterest, ctx),
});
