import { render } from 'preact';
import { startPageLanguage } from '../../utils/platform/i18n/page';
import { OptionsApp } from './App';
import '../../components/shared/base.css';
import '../../components/popup/cart.css';
import '../../components/popup/checkout.css';
import '../../components/shared/panels.css';
import '../../components/shared/page.css';
import '../../components/options/options.css';

// The chosen language first (lang, dir, messages, title); the language picker below re-renders
// the page in the new language without a reload.
const root = document.getElementById('app');
if (root) void startPageLanguage(document, 'optionsHeading', () => render(<OptionsApp />, root));
