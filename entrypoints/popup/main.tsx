import { render } from 'preact';
import { uiDirection, uiLocale } from '../../utils/platform/i18n';
import { PopupApp } from './App';
import '../../components/popup/popup.css';

// Language and direction first, so the first paint is already right-to-left where it should be.
document.documentElement.lang = uiLocale() ?? 'en';
document.documentElement.dir = uiDirection();

const root = document.getElementById('app');
if (root) render(<PopupApp />, root);
