/** Options page container: catalog sources (list, add, check, sync, remove) through messages. */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { SourceForm, SourceList, type SourceFormValues } from '../../components/Sources';
import { t } from '../../utils/i18n';
import { request, type PageRequest, type SourceCheck } from '../../utils/messages';
import { EMPTY_SOURCE_FORM, originPattern, validateSourceForm } from '../../utils/sources-form';
import type { SourceState } from '../../utils/sync/source';

const send = <R extends PageRequest>(message: R) => request((m) => browser.runtime.sendMessage(m), message);
const POLL_MS = 1000;

export function OptionsApp() {
  const [sources, setSources] = useState<SourceState[]>([]);
  const [values, setValues] = useState<SourceFormValues>(EMPTY_SOURCE_FORM);
  const [errors, setErrors] = useState<Partial<Record<keyof SourceFormValues, string>>>({});
  const [check, setCheck] = useState<SourceCheck | null>(null);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [alert, setAlert] = useState<string | null>(null);

  const reload = () => send({ type: 'list-sources' }).then(setSources, (error: Error) => setAlert(error.message));
  useEffect(() => {
    void reload();
  }, []);
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
      setAlert((error as Error).message);
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
    if (!granted) throw new Error(t('sourcePermissionDenied'));
  };

  return (
    <main class="pc-popup pc-options">
      <header class="pc-header">
        <h1 class="pc-brand">{t('optionsHeading')}</h1>
      </header>
      {alert && (
        <div class="pc-alert pc-alert-error" role="alert">
          <p>{alert}</p>
          <button type="button" class="pc-button pc-link" onClick={() => setAlert(null)}>
            {t('dismiss')}
          </button>
        </div>
      )}
      <section aria-labelledby="sources-heading">
        <h2 id="sources-heading">{t('sourcesHeading')}</h2>
        <SourceList
          sources={sources}
          busy={busy}
          onSync={(id) => void withBusy(id, () => send({ type: 'sync-now', id }))}
          onRemove={(id) => void withBusy(id, () => send({ type: 'remove-source', id }))}
        />
      </section>
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
    </main>
  );
}
