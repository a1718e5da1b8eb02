/** Options page container: catalog sources (list, add, check, sync, remove) through messages. */
import { downloadText } from '../../utils/platform/download';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AnalyticsToggle } from '../../components/shared/AnalyticsToggle';
import { Publishing } from '../../components/options/Publishing';
import { SellerConnect } from '../../components/options/SellerConnect';
import { SourceForm, SourceList } from '../../components/options/Sources';
import { reasonText, t, uiLocale } from '../../utils/platform/i18n';
import { UserError, type Reason } from '../../utils/platform/errors';
import { messageOf } from '../../utils/platform/page-store';
import { type PageRequest, type SourceCheck } from '../../utils/platform/messages';
import { SellerPanelController } from '../../utils/seller/panel-state';
import { SellerDashboard } from '../../components/options/SellerDashboard';
import { LanguagePicker } from '../../components/options/LanguagePicker';
import { browserLanguage } from '../../utils/platform/i18n/load';
import { resolveLanguage } from '../../utils/platform/i18n/languages';
import { DashboardController } from '../../utils/seller/dashboard-state';
import { EMPTY_SOURCE_FORM, validateSourceForm, type SourceFormErrors, type SourceFormValues } from '../../utils/sync/source-form';
import { originPattern } from '../../utils/platform/urls';
import { sellerEndpoint } from '../../utils/seller/connection';
import { request } from '@/utils/platform/request';
import { type SourceView } from '@/utils/seller/model';

const send = <R extends PageRequest>(message: R) => request((m) => browser.runtime.sendMessage(m), message);
const POLL_MS = 1000;

export function OptionsApp() {
  const [sources, setSources] = useState<SourceView[]>([]);
  const [values, setValues] = useState<SourceFormValues>(EMPTY_SOURCE_FORM);
  const [errors, setErrors] = useState<SourceFormErrors>({});
  const [check, setCheck] = useState<SourceCheck | null>(null);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [alert, setAlert] = useState<Reason | null>(null);

  const reload = () => send({ type: 'list-sources' }).then(setSources, (error: unknown) => setAlert(messageOf(error)));
  useEffect(() => {
    void reload();
  }, []);
  // Seller connection, publishing and the analytics switch (utils/seller/panel-state.ts).
  const seller = useMemo(() => new SellerPanelController({ send: (m) => browser.runtime.sendMessage(m), onSourcesChanged: () => void reload() }), []);
  const [sellerState, setSellerState] = useState(seller.getState());
  useEffect(() => {
    const unsubscribe = seller.subscribe(setSellerState);
    void seller.load();
    const unwatch = seller.watch(document);
    return () => {
      unsubscribe();
      unwatch();
    };
  }, [seller]);
  // The seller dashboard follows the connected sources (utils/seller/dashboard-state.ts).
  const dashboard = useMemo(() => new DashboardController({ send: (m) => browser.runtime.sendMessage(m) }), []);
  const [dashboardState, setDashboardState] = useState(dashboard.getState());
  useEffect(() => dashboard.subscribe(setDashboardState), [dashboard]);
  useEffect(() => {
    void dashboard.setSources(sources);
  }, [dashboard, sources]);
  // Follow progress while anything syncs.
  const syncing = sources.some((s) => s.status === 'syncing') || busy.size > 0;
  useEffect(() => {
    if (!syncing) return;
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [syncing]);

  const withBusy = async (key: string, work: () => Promise<unknown>) => {
    setBusy((b) => new Set(b).add(key));
    try {
      await work();
    } catch (error) {
      setAlert(messageOf(error));
    } finally {
      setBusy((b) => {
        const next = new Set(b);
        next.delete(key);
        return next;
      });
      await reload();
    }
  };

  const validated = () => {
    const result = validateSourceForm(values);
    setErrors(result.ok ? {} : result.errors);
    return result.ok ? result.source : null;
  };

  // Host permission is asked inside the click handler: browsers require a user gesture. Postcart
  // feeds send CORS headers and need none; stores and Merchant Center files usually do not.
  const askPermission = async (source: { kind: string; url: string }) => {
    if (source.kind === 'postcart') return;
    const granted = await browser.permissions.request({ origins: [originPattern(source.url)] });
    if (!granted) throw new UserError('sourcePermissionDenied');
  };

  return (
    <main class="pc-popup pc-options">
      <header class="pc-header">
        <h1 class="pc-brand">{t('optionsHeading')}</h1>
      </header>
      {alert && (
        <div class="pc-alert pc-alert-error" role="alert">
          <p>{reasonText(alert)}</p>
          <button type="button" class="pc-button pc-link" onClick={() => setAlert(null)}>
            {t('dismiss')}
          </button>
        </div>
      )}
      <section aria-labelledby="language-heading">
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
      <section aria-labelledby="sources-heading">
        <h2 id="sources-heading">{t('sourcesHeading')}</h2>
        <SourceList
          sources={sources}
          busy={busy}
          onSync={(id) => void withBusy(id, () => send({ type: 'sync-now', id }))}
          onRemove={(id) => void withBusy(id, () => send({ type: 'remove-source', id }))}
          renderExtra={(source) =>
            // Only sources whose server has the seller API can be connected to (connection.ts says which).
            sellerEndpoint(source, 'seller') !== null ? (
              <SellerConnect
                source={source}
                open={sellerState.form?.sourceId === source.id}
                token={sellerState.form?.sourceId === source.id ? sellerState.form.token : ''}
                error={sellerState.form?.sourceId === source.id ? sellerState.form.error : null}
                busy={sellerState.busy.has(source.id)}
                onOpen={() => seller.openForm(source.id)}
                onToken={(value) => seller.setToken(value)}
                onConnect={() => void seller.connect()}
                onCancel={() => seller.cancelForm()}
                onDisconnect={() => void seller.disconnect(source.id)}
              />
            ) : null
          }
        />
      </section>
      {(sources.some((s) => s.seller) || (sellerState.status?.pending ?? 0) > 0 || (sellerState.status?.conflicts.length ?? 0) > 0) && (
        <section aria-labelledby="publish-heading">
          <h2 id="publish-heading">{t('publishHeading')}</h2>
          <Publishing
            status={sellerState.status}
            busy={sellerState.busy.has('publish')}
            onPublish={() => void seller.publish()}
            onDismiss={(tagId) => void seller.dismissConflict(tagId)}
          />
        </section>
      )}
      {sources.some((s) => s.seller) && (
        <section aria-labelledby="dashboard-heading">
          <h2 id="dashboard-heading">{t('dashboardHeading')}</h2>
          <SellerDashboard
            sources={sources.filter((s) => s.seller).map((s) => ({ id: s.id, name: s.label || s.seller?.merchantName || s.url }))}
            state={dashboardState}
            locale={uiLocale()}
            onSource={(id) => void dashboard.selectSource(id)}
            onChoose={(choice) => void dashboard.choose(choice)}
            onCustom={(field, value) => dashboard.setCustom(field, value)}
            onApplyCustom={() => void dashboard.applyCustom()}
            onExport={() => {
              const file = dashboard.exportCsv();
              if (file) downloadText(file.filename, file.mime, file.text);
            }}
          />
        </section>
      )}
      <section aria-labelledby="add-heading">
        <h2 id="add-heading">{t('sourceAddHeading')}</h2>
        <SourceForm
          values={values}
          errors={errors}
          check={check}
          busy={busy.has('form')}
          onChange={(field, value) => {
            setValues({ ...values, [field]: value });
            setCheck(null);
          }}
          onCheck={() => {
            const source = validated();
            if (!source) return;
            const permission = askPermission(source);
            void withBusy('form', async () => {
              await permission;
              setCheck(await send({ type: 'check-source', source }));
            });
          }}
          onAdd={() => {
            const source = validated();
            if (!source) return;
            const permission = askPermission(source);
            void withBusy('form', async () => {
              await permission;
              await send({ type: 'add-source', source });
              setValues(EMPTY_SOURCE_FORM);
              setCheck(null);
            });
          }}
        />
      </section>
      <section aria-labelledby="privacy-heading">
        <h2 id="privacy-heading">{t('privacyHeading')}</h2>
        {sellerState.alert && (
          <div class="pc-alert pc-alert-error" role="alert">
            <p>{reasonText(sellerState.alert)}</p>
            <button type="button" class="pc-button pc-link" onClick={() => seller.dismissAlert()}>
              {t('dismiss')}
            </button>
          </div>
        )}
        <AnalyticsToggle
          checked={sellerState.settings?.analytics ?? true}
          disabled={!sellerState.settings || sellerState.busy.has('settings')}
          idPrefix="options"
          onChange={(on) => void seller.setAnalytics(on)}
        />
      </section>
    </main>
  );
}
