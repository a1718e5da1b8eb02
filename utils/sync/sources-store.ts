/**
 * The options page's catalog sources: the list with its sync state (asked again every second while
 * one syncs), the add form (checked here, then by the background), check, add, sync now and
 * remove, behind an injected `send` and host permission request (browser APIs on the page, fakes
 * in tests). The page only subscribes and renders (components/options/Sources.tsx).
 */
import type { PageRequest, SourceCheck } from '../platform/messages';
import { UserError, type Reason } from '../platform/errors';
import { messageOf, PageStore, type PageSend } from '../platform/page-store';
import { originPattern } from '../platform/urls';
import type { SourceView } from '../seller/model';
import { EMPTY_SOURCE_FORM, validateSourceForm, type SourceFormErrors, type SourceFormValues } from './source-form';

type NewSource = Extract<PageRequest, { type: 'add-source' }>['source'];

export interface SourcesState {
  sources: SourceView[];
  /** Loaded at least once (the list says "no sources" only then). */
  loaded: boolean;
  values: SourceFormValues;
  errors: SourceFormErrors;
  check: SourceCheck | null;
  /** Work in flight: 'form', or a source id being synced or removed. */
  busy: ReadonlySet<string>;
  /** The background's reason for the last failure. */
  alert: Reason | null;
}

export interface SourcesOptions {
  send: PageSend;
  /** Asks the browser for host permissions (`permissions.request({ origins })`); must run inside the click. */
  requestOrigins: (origins: string[]) => Promise<boolean>;
  /** Called after the list was read again (the seller panel and dashboard follow the sources). */
  onSources?: (sources: SourceView[]) => void;
}

/** How often the list is asked again while a source syncs. */
export const SOURCES_POLL_MS = 1000;

export class SourcesController extends PageStore<SourcesState> {
  private readonly requestOrigins: (origins: string[]) => Promise<boolean>;
  private readonly onSources: (sources: SourceView[]) => void;

  constructor(options: SourcesOptions) {
    super({ sources: [], loaded: false, values: EMPTY_SOURCE_FORM, errors: {}, check: null, busy: new Set(), alert: null }, options.send);
    this.requestOrigins = options.requestOrigins;
    this.onSources = options.onSources ?? (() => undefined);
  }

  async reload(): Promise<void> {
    try {
      const sources = await this.ask({ type: 'list-sources' });
      this.update({ sources, loaded: true });
      this.onSources(sources);
    } catch (error) {
      this.update({ alert: messageOf(error) });
    }
  }

  /** Whether anything syncs or waits for the background: the list is then asked again every second. */
  get active(): boolean {
    return this.state.busy.size > 0 || this.state.sources.some((source) => source.status === 'syncing');
  }

  /** Keeps the list fresh while something syncs; returns a stop function. */
  watch(win: Pick<Window, 'setInterval' | 'clearInterval'> = window): () => void {
    const timer = win.setInterval(() => {
      if (this.active) void this.reload();
    }, SOURCES_POLL_MS);
    return () => win.clearInterval(timer);
  }

  setField(field: keyof SourceFormValues, value: string): void {
    this.update({ values: { ...this.state.values, [field]: value }, check: null });
  }

  dismissAlert(): void {
    this.update({ alert: null });
  }

  private async withBusy(key: string, work: () => Promise<unknown>): Promise<void> {
    this.update({ busy: new Set(this.state.busy).add(key) });
    try {
      await work();
    } catch (error) {
      this.update({ alert: messageOf(error) });
    } finally {
      const busy = new Set(this.state.busy);
      busy.delete(key);
      this.update({ busy });
      await this.reload();
    }
  }

  private validated(): NewSource | null {
    const result = validateSourceForm(this.state.values);
    this.update({ errors: result.ok ? {} : result.errors });
    return result.ok ? result.source : null;
  }

  /**
   * Host permission, asked in the same task as the click (browsers require a user gesture).
   * Postcart feeds send CORS headers and need none; stores and Merchant Center files usually do.
   */
  private permission(source: NewSource): Promise<void> {
    if (source.kind === 'postcart') return Promise.resolve();
    return this.requestOrigins([originPattern(source.url)]).then((granted) => {
      if (!granted) throw new UserError('sourcePermissionDenied');
    });
  }

  /** A dry run of the form's source. Call it from the click itself. */
  check(): Promise<void> {
    const source = this.validated();
    if (!source) return Promise.resolve();
    const permission = this.permission(source);
    return this.withBusy('form', async () => {
      await permission;
      this.update({ check: await this.ask({ type: 'check-source', source }) });
    });
  }

  /** Adds the form's source (its first sync starts at once). Call it from the click itself. */
  add(): Promise<void> {
    const source = this.validated();
    if (!source) return Promise.resolve();
    const permission = this.permission(source);
    return this.withBusy('form', async () => {
      await permission;
      await this.ask({ type: 'add-source', source });
      this.update({ values: EMPTY_SOURCE_FORM, check: null });
    });
  }

  sync(id: string): Promise<void> {
    return this.withBusy(id, () => this.ask({ type: 'sync-now', id }));
  }

  remove(id: string): Promise<void> {
    return this.withBusy(id, () => this.ask({ type: 'remove-source', id }));
  }
}
