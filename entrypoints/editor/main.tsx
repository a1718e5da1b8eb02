import { uiDirection, uiLocale } from '../../utils/platform/i18n';
import { startEditorPage } from '../../utils/overlay/editor-page';

// Framed in the popover on a social page (utils/overlay/editor-frame.tsx): the seller's tag editor.
document.documentElement.lang = uiLocale() ?? 'en';
document.documentElement.dir = uiDirection();
void startEditorPage(document);
