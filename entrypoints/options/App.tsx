/**
 * The options page: wires the catalog sources (utils/sync/sources-store.ts) and the seller side
 * (utils/seller/panel-state.ts) to their views, in sections like a settings page. The seller
 * dashboard has its own page (entrypoints/dashboard/); this page links to it.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AnalyticsToggle } from '../../components/shared/AnalyticsToggle';
import { LinkedProducts } from '../../components/options/LinkedProducts';
import { SETTINGS_DEFAULTS } from '../../utils/platform/settings-reader';
import { Publishing } from '../../components/options/Publishing';
import { Claims } from '../../components/options/Claims';
import type { ContestedAccount } from '../../utils/catalog/claims';
import { SellerAccounts } from '../../components/options/SellerAccounts';
import { SellerConnect, SellerConnectForm, type ServerChoice } from '../../components/options/SellerConnect';
import { SourceForm, SourceList } from '../../components/options/Sources';
import { reasonText, t } from '../../utils/platform/i18n';
import { iconPath, iconSrcset } from '../../utils/platform/icons';
import { DASHBOARD_PATH } from '../../utils/platform/onboarding';
import { ReadingCounters } from '../../components/options/ReadingCounters';
import type { ReadingCounters as Counters } from '../../utils/sites/reading';
import { LanguagePicker } from '../../components/options/LanguagePicker';
import { browserLanguage } from '../../utils/platform/i18n/load';
import { resolveLanguage } from '../../utils/platform/i18n/languages';
import { sellerEndpoint } from '../../utils/seller/connection';
import { browserName, PAIRING_BUSY, SellerPanelController } from '../../utils/seller/panel-state';
import { browserStatsPermission, type PermissionsApi } from '../../utils/analytics/consent';
import { SourcesController } from '../../utils/sync/sources-store';
import { sourceName } from '../../utils/sync/source-name';
import type { ConnectForm } from '../../utils/seller/panel-state';
import type { Reason } from '../../utils/platform/errors';
import type { PageRequest } from '../../utils/platform/messages';
import { request } from '../../utils/platform/request';

const send = (message: unknown) => browser.runtime.sendMessage(message);
/** A request answered with its data, or a UserError with the background's reason. */
const ask = <R extends PageRequest>(message: R) => request(send, message);

const SECTIONS = [
  { id: 'language', heading: 'languageHeading' },
  { id: 'sources', heading: 'sourcesHeading' },
  { id: 'seller', heading: 'sellerHeading' },
  { id: 'linked', heading: 'optionsLinkedHeading' },
  { id: 'reading', heading: 'readingHeading' },
  { id: 'privacy', heading: 'privacyHeading' },
] as const;

function Alert({ reason, onDismiss }: { reason: Reason; onDismiss: () => void }) {
  return (
    <div class="pc-alert pc-alert-error" role="alert">
      <p>{reasonText(reason)}</p>
      <button type="button" class="pc-button pc-link" onClick={onDismiss}>
        {t('dismiss')}
      </button>
    </div>
  );
}

export function OptionsApp() {
  const sourcesStore = useMemo(() => new SourcesController({ send, requestOrigins: (origins) => browser.permissions.request({ origins }) }), []);
  const seller = useMemo(
    () =>
      new SellerPanelController({
        send,
        onSourcesChanged: () => void sourcesStore.reload(),
        statsPermission: browserStatsPermission(browser.permissions as unknown as PermissionsApi, browser.runtime.getManifest()),
        deviceName: t('sellerDeviceName', browserName(navigator.userAgent)),
      }),
    [sourcesStore],
  );
  const [sellerState, setSellerState] = useState(seller.getState());
  const [sourcesState, setSourcesState] = useState(sourcesStore.getState());
  useEffect(() => {
    const stops = [seller.subscribe(setSellerState), sourcesStore.subscribe(setSourcesState), seller.watch(document), sourcesStore.watch()];
    void seller.load();
    void sourcesStore.reload();
    return () => stops.forEach((stop) => stop());
  }, [seller, sourcesStore]);

  const { sources } = sourcesState;
  // How the overlay reads each site (sites/reading.ts).
  const [reading, setReading] = useState<Counters | null>(null);
  const [readingBusy, setReadingBusy] = useState(false);
  useEffect(() => {
    ask({ type: 'reading-counters' }).then(setReading, () => undefined);
  }, []);
  // Contested accounts change with the sources' merchants: read again with every source list.
  const [claims, setClaims] = useState<ContestedAccount[]>([]);
  const [claimsBusy, setClaimsBusy] = useState(false);
  // Asked again when a source comes, goes or finishes a run, not on every progress poll while one syncs.
  const sourceRuns = sources.map((source) => `${source.id}@${source.lastRun?.at ?? ''}`).join(' ');
  useEffect(() => {
    ask({ type: 'list-claims' }).then(setClaims, () => undefined);
  }, [sourceRuns]);
  const servers: ServerChoice[] = sources.filter((source) => sellerEndpoint(source, 'seller') !== null).map((source) => ({ id: source.id, name: sourceName(source) }));
  const connected = sources.filter((source) => source.seller);
  const form = sellerState.form;
  const renderForm = (open: ConnectForm, label: string) => (
    <SellerConnectForm
      label={label}
      form={open}
      servers={servers}
      busy={sellerState.busy.has(open.sourceId ?? PAIRING_BUSY)}
      onMode={(mode) => seller.setMode(mode)}
      onValue={(value) => seller.setValue(value)}
      onServer={(id) => seller.setServer(id)}
      onConnect={() => void seller.connect()}
      onCancel={() => seller.cancelForm()}
    />
  );
  const showPublishing = connected.length > 0 || (sellerState.status?.pending ?? 0) > 0 || (sellerState.status?.conflicts.length ?? 0) > 0;

  return (
    <div class="pc-settings">
      <header class="pc-settings-header">
        <img src={iconPath(48)} srcset={iconSrcset(32)} alt="" width={32} height={32} />
        <h1 class="pc-brand">{t('optionsHeading')}</h1>
      </header>
      <nav class="pc-settings-nav" aria-label={t('optionsNavLabel')}>
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.id}>
              <a href={`#${section.id}`}>{t(section.heading)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <main class="pc-settings-main">
        {sourcesState.alert && <Alert reason={sourcesState.alert} onDismiss={() => sourcesStore.dismissAlert()} />}

        {/* First: a reader who cannot read the page's language finds how to change it at once. */}
        <section id="language" class="pc-settings-section" aria-labelledby="language-heading">
          <h2 id="language-heading">{t('languageHeading')}</h2>
          <LanguagePicker
            language={sellerState.settings?.language ?? 'browser'}
            calendar={sellerState.settings?.calendar ?? 'gregory'}
            browserLanguage={resolveLanguage('browser', browserLanguage())}
            // Not disabled while the choice is saved: focus stays on the picker as the page changes language.
            disabled={!sellerState.settings}
            onChange={(choice) => void seller.setLanguage(choice)}
          />
        </section>

        <section id="sources" class="pc-settings-section" aria-labelledby="sources-heading">
          <h2 id="sources-heading">{t('sourcesHeading')}</h2>
          <SourceList
            sources={sources}
            busy={sourcesState.busy}
            onSync={(id) => void sourcesStore.sync(id)}
            onRemove={(id) => void sourcesStore.remove(id)}
            renderExtra={(source) =>
              // Only sources whose server has the seller API can be connected to (connection.ts says which).
              sellerEndpoint(source, 'seller') !== null ? (
                <SellerConnect
                  source={source}
                  name={sourceName(source)}
                  form={form?.sourceId === source.id ? form : null}
                  busy={sellerState.busy.has(source.id)}
                  onOpen={() => seller.openForm(source.id)}
                  onDisconnect={() => void seller.disconnect(source.id)}
                  renderForm={(open) => renderForm(open, t('sellerConnectLabel', sourceName(source)))}
                />
              ) : null
            }
          />
          {claims.length > 0 && (
            <section aria-labelledby="claims-heading">
              <h3 id="claims-heading">{t('claimsHeading')}</h3>
              <Claims
                accounts={claims}
                busy={claimsBusy}
                onChoose={(account, merchantId) => {
                  // Shown at once (a controlled radio would spring back until the answer); the answer then stands.
                  setClaims(claims.map((other) => (other === account ? { ...other, chosen: merchantId } : other)));
                  setClaimsBusy(true);
                  ask({ type: 'choose-claim', choice: { platform: account.platform, handle: account.handle, merchantId } })
                    .then(setClaims, () => undefined)
                    .finally(() => setClaimsBusy(false));
                }}
              />
            </section>
          )}
          <h3 id="add-heading">{t('sourceAddHeading')}</h3>
          <SourceForm
            values={sourcesState.values}
            errors={sourcesState.errors}
            check={sourcesState.check}
            busy={sourcesState.busy.has('form')}
            onChange={(field, value) => sourcesStore.setField(field, value)}
            onCheck={() => void sourcesStore.check()}
            onAdd={() => void sourcesStore.add()}
          />
        </section>

        <section id="seller" class="pc-settings-section" aria-labelledby="seller-heading">
          <h2 id="seller-heading">{t('sellerHeading')}</h2>
          <p class="pc-muted">{t('sellerIntro')}</p>
          <SellerAccounts sources={connected} dashboardHref={DASHBOARD_PATH} />
          {form?.sourceId === null ? (
            renderForm(form, t('sellerConnectAccount'))
          ) : (
            <div class="pc-actions pc-actions-row">
              <button type="button" class="pc-button pc-secondary" onClick={() => seller.openForm(null, servers.length === 1 ? servers[0]!.id : '')}>
                {t('sellerConnectWithCode')}
              </button>
            </div>
          )}
          {showPublishing && (
            <section aria-labelledby="publish-heading">
              <h3 id="publish-heading">{t('publishHeading')}</h3>
              <Publishing
                status={sellerState.status}
                busy={sellerState.busy.has('publish')}
                onPublish={() => void seller.publish()}
                onDismiss={(tagId) => void seller.dismissConflict(tagId)}
              />
            </section>
          )}
        </section>

        <section id="linked" class="pc-settings-section" aria-labelledby="linked-heading">
          <h2 id="linked-heading">{t('optionsLinkedHeading')}</h2>
          <LinkedProducts
            auto={sellerState.settings?.linkedAuto ?? SETTINGS_DEFAULTS.linkedAuto}
            perMinute={sellerState.settings?.linkedPerMinute ?? SETTINGS_DEFAULTS.linkedPerMinute}
            disabled={!sellerState.settings || sellerState.busy.has('settings')}
            onAuto={(linkedAuto) => void seller.changeSettings({ linkedAuto })}
            onRate={(linkedPerMinute) => void seller.changeSettings({ linkedPerMinute })}
          />
        </section>

        <section id="reading" class="pc-settings-section" aria-labelledby="reading-heading">
          <h2 id="reading-heading">{t('readingHeading')}</h2>
          <ReadingCounters
            counters={reading}
            now={Date.now()}
            busy={readingBusy}
            onReset={() => {
              setReadingBusy(true);
              ask({ type: 'reset-reading-counters' })
                .then(setReading, () => undefined)
                .finally(() => setReadingBusy(false));
            }}
          />
        </section>

        <section id="privacy" class="pc-settings-section" aria-labelledby="privacy-heading">
          <h2 id="privacy-heading">{t('privacyHeading')}</h2>
          {sellerState.alert && <Alert reason={sellerState.alert} onDismiss={() => seller.dismissAlert()} />}
          <AnalyticsToggle
            checked={sellerState.settings?.analytics ?? false}
            disabled={!sellerState.settings || sellerState.busy.has('settings')}
            idPrefix="options"
            onChange={(on) => void seller.setAnalytics(on)}
          />
        </section>

      </main>
    </div>
  );
}
