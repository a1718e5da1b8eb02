import { render } from 'preact';
import { browser } from 'wxt/browser';
import { LinkedPermissionApp } from './App';
import { uiDirection, uiLocale } from '../../utils/platform/i18n';
import '../../components/shared/base.css';
import '../../components/permission/permission.css';

document.documentElement.lang = uiLocale() ?? 'en';
document.documentElement.dir = uiDirection();

const root = document.getElementById('app');
if (root) render(<LinkedPermissionApp origin={new URLSearchParams(location.search).get('origin')} browser={browser} close={() => window.close()} />, root);
