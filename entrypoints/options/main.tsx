import { render } from 'preact';
import { uiDirection, uiLocale } from '../../utils/platform/i18n';
import { OptionsApp } from './App';
import '../../components/shared/base.css';
import '../../components/popup/cart.css';
import '../../components/popup/checkout.css';
import '../../components/shared/panels.css';
import '../../components/shared/page.css';
import '../../components/options/options.css';

document.documentElement.lang = uiLocale() ?? 'en';
document.documentElement.dir = uiDirection();

const root = document.getElementById('app');
if (root) render(<OptionsApp />, root);
