import { render } from 'preact';
import { uiDirection, uiLocale } from '../../utils/platform/i18n';
import { PopupApp } from './App';
import '../../components/shared/base.css';
import '../../components/popup/cart.css';
import '../../components/popup/checkout.css';
import '../../components/popup/orders.css';
import '../../components/popup/watches.css';
import '../../components/shared/panels.css';

// Language and direction first, so the first paint is already right-to-left where it should be.
document.documentElement.lang = uiLocale() ?? 'en';
document.documentElement.dir = uiDirection();

const root = document.getElementById('app');
if (root) render(<PopupApp />, root);
