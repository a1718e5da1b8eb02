import { render } from 'preact';
import { startPageLanguage } from '../../utils/platform/i18n/page';
import { PopupApp } from './App';
import '../../components/shared/base.css';
import '../../components/popup/cart.css';
import '../../components/popup/checkout.css';
import '../../components/popup/orders.css';
import '../../components/popup/watches.css';
import '../../components/shared/panels.css';

// The chosen language first (lang, dir, messages), so the first paint is already right-to-left
// where it should be; a language change renders again in the new one.
const root = document.getElementById('app');
if (root) void startPageLanguage(document, 'extName', () => render(<PopupApp />, root));
