import { render } from 'preact';
import { uiDirection, uiLocale } from '../../utils/platform/i18n';
import { OptionsApp } from './App';
import '../../components/popup/popup.css';
import '../../components/options/dashboard.css';

document.documentElement.lang = uiLocale() ?? 'en';
document.documentElement.dir = uiDirection();

const root = document.getElementById('app');
if (root) render(<OptionsApp />, root);
