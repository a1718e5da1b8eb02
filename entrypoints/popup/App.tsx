/**
 * The popup container: owns a PopupController (utils/popup-state.ts, where the behaviour lives and
 * is tested) and lays out the views. The background is reached only through messages.
 */
import { downloadText } from '../../utils/platform/download';
import type { JSX, TargetedKeyboardEvent } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { Cart } from '../../components/popup/Cart';
import { CartChanges } from '../../components/popup/CartChanges';
import { CheckoutProgress } from '../../components/popup/CheckoutProgress';
import { AnalyticsToggle } from '../../components/shared/AnalyticsToggle';
import { CatalogStatusLine } from '../../components/popup/CatalogStatusLine';
import { PageReadingLine } from '../../components/popup/PageReadingLine';
import type { Platform } from '../../utils/catalog/model';
import { PendingTagsLine } from '../../components/options/Publishing';
import { CheckoutForm } from '../../components/popup/CheckoutForm';
import { Orders } from '../../components/popup/Orders';
import { SellerModeToggle } from '../../components/popup/SellerModeToggle';
import { Watches } from '../../components/popup/Watches';
import { WatchListController, type WatchListState } from '../../utils/catalog/watch-list';
import { cartCount } from '../../utils/cart/cart';
import { countryOptions } from '../../utils/checkout/contact';
import { reasonText, t, uiLanguage, uiLocale } from '../../utils/platform/i18n';
import { formatAndList, formatCount } from '../../utils/platform/format';
import { type CatalogStatus } from '../../utils/platform/messages';
import type { ExportFormat } from '../../utils/checkout/order-export';
import { changedLines, checkoutableMerchants, PopupController, type PopupState } from '../../utils/cart/popup-store';
import { request } from '@/utils/platform/request';
import { ConsentPrompt } from '../../components/shared/ConsentPrompt';
import { SiteAccessHint } from '../../components/popup/SiteAccessHint';
import { browserStatsPermission, type PermissionsApi } from '../../utils/analytics/consent';
import { iconPath, iconSrcset } from '../../utils/platform/icons';
import { DASHBOARD_PATH } from '../../utils/platform/onboarding';
import { requestSiteAccess, sitesWithoutAccess, type SiteOrigins } from '../../utils/platform/site-access';

const TABS = [
  { view: 'cart', label: 'tabCart', id: 'pc-tab-cart' },
  { view: 'orders', label: 'tabOrders', id: 'pc-tab-orders' },
  { view: 'watches', label: 'tabWatches', id: 'pc-tab-watches' },
] as const;
type TabView = (typeof TABS)[number]['view'];

export function PopupApp() {
  const locale = uiLocale();
  const controller = useMemo(
    () =>
      new PopupController({
        send: (message) => browser.runtime.sendMessage(message),
        locale,
        statsPermission: browserStatsPermission(browser.permissions as unknown as PermissionsApi, browser.runtime.getManifest()),
      }),
    [locale],
  );
  const [state, setState] = useState<PopupState>(controller.getState());
  useEffect(() => {
    const unsubscribe = controller.subscribe(setState);
    void controller.load();
    return unsubscribe;
  }, [controller]);
  // Country names in the language itself (the locale may be a stand-in writing its numbers, languages.ts).
  const countries = useMemo(() => countryOptions(uiLanguage()), [locale]);

  // Price watches. A clicked notification, or alerts not yet shown, open the popup on them.
  const watches = useMemo(() => new WatchListController((message) => browser.runtime.sendMessage(message)), []);
  const [watchState, setWatchState] = useState<WatchListState>(watches.getState());
  useEffect(() => {
    const unsubscribe = watches.subscribe(setWatchState);
    void watches.load().then((open) => {
      if (open) void controller.showView('watches');
    });
    return unsubscribe;
  }, [watches, controller]);
  // Shown: the alerts count as seen and the toolbar badge clears.
  useEffect(() => {
    if (state.view === 'watches' && watchState.status === 'ready') void watches.shown();
  }, [state.view, watchState.status, watches]);

  // Sites the browser no longer lets Postcart run on ("on click" site access, Firefox's per-site switch).
  const [blocked, setBlocked] = useState<SiteOrigins[]>([]);
  const checkSites = () => void sitesWithoutAccess(browser.permissions, browser.runtime.getManifest()).then(setBlocked, () => undefined);
  useEffect(checkSites, []);

  // Catalog size and sync progress; polled only while a source is syncing.
  const [catalog, setCatalog] = useState<CatalogStatus | null>(null);
  const syncing = (catalog?.syncing.length ?? 0) > 0;
  useEffect(() => {
    const load = () =>
      request((m) => browser.runtime.sendMessage(m), { type: 'catalog-status' }).then(setCatalog, () => undefined);
    void load();
    if (!syncing) return;
    const timer = setInterval(() => void load(), 1000);
    return () => clearInterval(timer);
  }, [syncing]);

  // The site of the active tab when the overlay could read no post there (sites/reading.ts).
  const [unreadable, setUnreadable] = useState<Platform | null>(null);
  useEffect(() => {
    browser.tabs
      .query({ active: true, currentWindow: true })
      .then(([tab]) => (tab?.id === undefined ? null : request((m) => browser.runtime.sendMessage(m), { type: 'page-status', tabId: tab.id, url: tab.url })))
      .then((status) => setUnreadable(status && status.read === 0 ? status.platform : null), () => undefined);
  }, []);

  // Seller tag changes not yet published, shown while seller mode is on.
  const sellerMode = state.settings.sellerMode;
  const [pendingTags, setPendingTags] = useState(0);
  useEffect(() => {
    if (!sellerMode) return;
    request((m) => browser.runtime.sendMessage(m), { type: 'seller-status' }).then((status) => setPendingTags(status.pending), () => undefined);
  }, [sellerMode]);

  const activeTab: TabView = state.view === 'orders' || state.view === 'watches' ? state.view : 'cart';
  const activeTabId = TABS.find((tab) => tab.view === activeTab)!.id;
  const count = cartCount(state.cart.lines);

  // Arrow keys move between tabs (WAI-ARIA tabs pattern), in reading order (mirrored right to left).
  const onTabKey = (event: TargetedKeyboardEvent<HTMLButtonElement>) => {
    const keys = ['ArrowLeft', 'ArrowRight', 'Home', 'End'];
    if (!keys.includes(event.key)) return;
    event.preventDefault();
    const index = TABS.findIndex((tab) => tab.view === activeTab);
    const forward = (event.key === 'ArrowRight') === (document.documentElement.dir !== 'rtl');
    const nextIndex = event.key === 'Home' ? 0 : event.key === 'End' ? TABS.length - 1 : (index + (forward ? 1 : TABS.length - 1)) % TABS.length;
    const next = TABS[nextIndex]!;
    void controller.showView(next.view);
    document.getElementById(next.id)?.focus();
  };

  const checkout = state.checkout;
  const checkoutMerchants = checkout ? checkout.steps.map((step) => step.merchantId) : [];
  const checkoutGroups = state.cart.groups.filter((group) => checkoutMerchants.includes(group.merchantId));
  const onExport = (format: ExportFormat) => {
    const file = controller.exportOrders(format);
    downloadText(file.filename, file.mime, file.text);
  };

  let content: JSX.Element;
  if (state.status === 'loading') {
    content = <p class="pc-muted pc-loading">{t('popupLoading')}</p>;
  } else if (state.view === 'review' && checkout) {
    content = (
      <CartChanges
        cart={state.cart}
        lines={changedLines(state.cart, checkoutMerchants)}
        locale={locale}
        busy={checkout.submitting}
        onAccept={() => void controller.acceptChanges()}
        onBack={() => controller.cancelCheckout()}
      />
    );
  } else if (state.view === 'checkout' && checkout) {
    const multi = checkout.steps.length > 1;
    const started = checkout.steps.some((step) => step.state !== 'waiting');
    content = (
      <>
        {(multi || started) && <CheckoutProgress steps={checkout.steps} />}
        <CheckoutForm
          merchantName={formatAndList(checkout.steps.map((step) => step.merchantName))}
          values={checkout.values}
          errors={checkout.errors}
          countries={countries}
          submitting={checkout.submitting}
          errorRound={checkout.errorRound}
          subtotals={checkoutGroups.length === 1 ? checkoutGroups[0]?.subtotals : undefined}
          submitLabel={checkout.steps.some((step) => step.state === 'failed') ? t('checkoutTryAgain') : multi ? t('checkoutPlaceOrders', checkout.steps.length) : undefined}
          locale={locale}
          onChange={(field, value) => controller.setField(field, value)}
          onSubmit={() => void controller.submitCheckout()}
          onForget={() => void controller.forgetContact()}
          onBack={() => controller.cancelCheckout()}
        />
      </>
    );
  } else if (state.view === 'watches') {
    content = (
      <Watches
        state={watchState}
        locale={locale}
        now={Date.now()}
        onEdit={(watchId) => watches.edit(watchId)}
        onSave={(watch, choice) => void watches.save(watch, choice)}
        onChange={(watch, change) => void watches.change(watch, change)}
      />
    );
  } else if (state.view === 'orders') {
    content = (
      <Orders
        orders={state.orders}
        locale={locale}
        pendingOrders={state.pendingOrders}
        onRetry={(orderId) => void controller.retryOrder(orderId)}
        onBuyAgain={(orderId) => void controller.buyAgain(orderId)}
        onExport={onExport}
      />
    );
  } else {
    content = (
      <>
        {state.lastRun && <CheckoutProgress steps={state.lastRun} />}
        <Cart
          cart={state.cart}
          locale={locale}
          pendingLines={state.pendingLines}
          onQuantity={(lineId, quantity) => void controller.setQuantity(lineId, quantity)}
          onRemove={(lineId) => void controller.removeLine(lineId)}
          onVariant={(lineId, variantId) => void controller.setVariant(lineId, variantId)}
          onCheckout={(merchantId) => controller.openCheckout(merchantId)}
          checkoutAll={checkoutableMerchants(state.cart)}
          onCheckoutAll={() => controller.openCheckout(null)}
          watch={{
            openLine: watchState.cartLine,
            savedLine: watchState.cartSaved,
            busyLines: watchState.pending,
            error: reasonText(watchState.formError),
            onOpen: (lineId) => watches.openCartForm(lineId),
            onSave: (line, choice) => void watches.watchLine(line, choice),
          }}
        />
      </>
    );
  }

  const notice = state.notice;
  return (
    <div class="pc-popup">
      <header class="pc-header">
        <h1 class="pc-brand pc-brand-icon">
          <img src={iconPath(32)} srcset={iconSrcset(20)} alt="" width={20} height={20} />
          {t('extName')}
        </h1>
        <SellerModeToggle
          checked={state.settings.sellerMode}
          disabled={state.status === 'loading'}
          onChange={(on) => void controller.setSellerMode(on)}
        />
      </header>
      <CatalogStatusLine status={catalog} onOpenSettings={() => void browser.runtime.openOptionsPage()} />
      <SiteAccessHint sites={blocked} onGrant={() => void requestSiteAccess(browser.permissions, blocked).then(checkSites)} />
      {state.status === 'ready' && !state.settings.consentAsked && <ConsentPrompt busy={false} onAnswer={(yes) => void controller.setAnalytics(yes)} />}
      <PageReadingLine unreadable={unreadable} />
      {sellerMode && <PendingTagsLine pending={pendingTags} />}
      {sellerMode && (
        <p class="pc-small pc-catalog">
          <a href={DASHBOARD_PATH} target="_blank" rel="noopener">
            {t('popupDashboard')}
          </a>
        </p>
      )}
      <div class="pc-tabs" role="tablist" aria-label={t('tabsLabel')}>
        {TABS.map((tab) => {
          const selected = tab.view === activeTab;
          return (
            <button
              key={tab.view}
              type="button"
              role="tab"
              id={tab.id}
              class="pc-tab"
              aria-selected={selected ? 'true' : 'false'}
              aria-controls="pc-panel"
              tabIndex={selected ? 0 : -1}
              onClick={() => void controller.showView(tab.view)}
              onKeyDown={onTabKey}
            >
              {t(tab.label)}
              {/* The count is visual; the cart itself lists every line for assistive tech. */}
              {tab.view === 'cart' && count > 0 && (
                <span class="pc-badge" aria-hidden="true">
                  {formatCount(count, locale)}
                </span>
              )}
            </button>
          );
        })}
      </div>
      {state.error && (
        <div class="pc-alert pc-alert-error" role="alert">
          <p>{t('errBackground', reasonText(state.error))}</p>
          <button type="button" class="pc-button pc-link" onClick={() => controller.dismissError()}>
            {t('dismiss')}
          </button>
        </div>
      )}
      {/* Always present so screen readers announce what is put into it. */}
      <div role="status" class={notice && notice.tone === 'success' ? 'pc-alert pc-alert-success' : 'pc-live'}>
        {notice && notice.tone === 'success' ? reasonText(notice) : ''}
      </div>
      {notice && notice.tone === 'error' && (
        <div class="pc-alert pc-alert-error" role="alert">
          <p>{reasonText(notice)}</p>
        </div>
      )}
      <main class="pc-panel">
        <div id="pc-panel" role="tabpanel" aria-labelledby={activeTabId} aria-busy={state.status === 'loading'}>
          {content}
        </div>
      </main>
      <footer class="pc-footer">
        <AnalyticsToggle
          checked={state.settings.analytics}
          disabled={state.status === 'loading'}
          onChange={(on) => void controller.setAnalytics(on)}
        />
      </footer>
    </div>
  );
}
