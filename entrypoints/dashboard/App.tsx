/**
 * The seller dashboard page: wires DashboardController (utils/seller/dashboard-state.ts) to its
 * view, full width. Opened from the options page and the popup.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { SellerDashboard } from '../../components/options/SellerDashboard';
import { downloadText } from '../../utils/platform/download';
import { t, uiLocale } from '../../utils/platform/i18n';
import { iconPath, iconSrcset } from '../../utils/platform/icons';
import { DashboardController } from '../../utils/seller/dashboard-state';

/** The options page's Seller section, where an account is connected. */
const SETTINGS_HREF = '/options.html#seller';

export function DashboardApp() {
  const locale = uiLocale();
  const dashboard = useMemo(() => new DashboardController({ send: (message) => browser.runtime.sendMessage(message) }), []);
  const [state, setState] = useState(dashboard.getState());
  useEffect(() => {
    const unsubscribe = dashboard.subscribe(setState);
    void dashboard.loadSources();
    // Back from the options page (a seller connected meanwhile): read the sources again.
    const onVisible = () => {
      if (document.visibilityState === 'visible') void dashboard.loadSources();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      unsubscribe();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [dashboard]);
  const source = state.sources?.find((s) => s.id === state.sourceId) ?? null;

  return (
    <div class="pc-dash-page">
      <header class="pc-page-header pc-dash-header">
        <img src={iconPath(48)} srcset={iconSrcset(32)} alt="" width={32} height={32} />
        <div>
          <h1 class="pc-brand">{t('dashboardHeading')}</h1>
          {source && (
            <p class="pc-small pc-muted">{source.merchantName && source.merchantName !== source.name ? t('dashboardSubtitle', [source.merchantName, source.name]) : source.name}</p>
          )}
        </div>
        <a class="pc-button pc-link pc-dash-settings" href={SETTINGS_HREF}>
          {t('dashboardSettings')}
        </a>
      </header>
      <main>
        <SellerDashboard
          sources={state.sources ?? []}
          state={state}
          locale={locale}
          settingsHref={SETTINGS_HREF}
          onSource={(id) => void dashboard.selectSource(id)}
          onChoose={(choice) => void dashboard.choose(choice)}
          onCustom={(field, value) => dashboard.setCustom(field, value)}
          onApplyCustom={() => void dashboard.applyCustom()}
          onExport={() => {
            const file = dashboard.exportCsv();
            if (file) downloadText(file.filename, file.mime, file.text);
          }}
          onSort={(column) => dashboard.sortBy(column)}
        />
      </main>
    </div>
  );
}
