import { render } from 'preact';
import { uiDirection, uiLocale } from '../../utils/i18n';
import { OptionsApp } from './App';
import '../../components/popup.css';
import '../../components/dashboard.css';

document.documentElement.lang = uiLocale() ?? 'en';
document.documentElement.dir = uiDirection();

const root = document.getElementById('app');
if (root) render(<OptionsApp />, root);
