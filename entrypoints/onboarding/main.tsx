import { render } from 'preact';
import { t, uiDirection, uiLocale } from '../../utils/platform/i18n';
import { OnboardingApp } from './App';
import '../../components/shared/base.css';
import '../../components/shared/page.css';
import '../../components/shared/panels.css';
import '../../components/onboarding/onboarding.css';

document.documentElement.lang = uiLocale() ?? 'en';
document.documentElement.dir = uiDirection();
document.title = t('onboardingTitle');

const root = document.getElementById('app');
if (root) render(<OnboardingApp />, root);
