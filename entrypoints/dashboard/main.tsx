import { render } from 'preact';
import { t, uiDirection, uiLocale } from '../../utils/platform/i18n';
import { DashboardApp } from './App';
import '../../components/shared/base.css';
import '../../components/popup/checkout.css';
import '../../components/shared/page.css';
import '../../components/options/dashboard.css';

document.documentElement.lang = uiLocale() ?? 'en';
document.documentElement.dir = uiDirection();
document.title = t('dashboardPageTitle');

const root = document.getElementById('app');
if (root) render(<DashboardApp />, root);
