/**
 * The options page's seller side: connecting a source with a token, publishing, conflicts and the
 * analytics switch, behind an injected `send` (browser.runtime.sendMessage on the page, a fake in
 * tests). The page only subscribes and renders.
 */
import type { SellerStatus } from './model';
import type { Settings } from '../platform/settings';
import { reason, type Reason } from '../platform/errors';
import { messageOf, PageStore, type PageSend } from '../platform/page-store';

export interface SellerPanelState {
  status: SellerStatus | null;
  settings: Settings | null;
  /** The open "connect as seller" form, for one source at a time. */
  form: { sourceId: string; token: string; error: Reason | null } | null;
  /** Work in flight: 'publish', 'settings', or a source id being connected or disconnected. */
  busy: ReadonlySet<string>;
  /** The background's reason for the last failure outside the form. */
  alert: Reason | null;
}

export interface SellerPanelOptions {
  send: PageSend;
  /** Sources changed (connected or disconnected): the page lists them again. */
  onSourcesChanged?: () => void;
}

/** How often the status is asked again while changes are waiting to go out. */
export const STATUS_POLL_MS = 2000;


export class SellerPanelController extends PageStore<SellerPanelState> {
  private readonly onSourcesChanged: () => void;

  constructor(options: SellerPanelOptions) {
    super({ status: null, settings: null, form: null, busy: new Set(), alert: null }, options.send);
    this.onSourcesChanged = options.onSourcesChanged ?? (() => undefined);
  }


  private async withBusy(key: string, work: () => Promise<void>): Promise<void> {
    if (this.state.busy.has(key)) return;
    this.update({ busy: new Set(this.state.busy).add(key) });
    try {
      await work();
    } finally {
      const busy = new Set(this.state.busy);
      busy.delete(key);
      this.update({ busy });
    }
  }

  async load(): Promise<void> {
    const [status, settings] = await Promise.allSettled([this.ask({ type: 'seller-status' }), this.ask({ type: 'get-settings' })]);
    this.update({
      status: status.status === 'fulfilled' ? status.value : this.state.status,
      settings: settings.status === 'fulfilled' ? settings.value : this.state.settings,
      alert: status.status === 'rejected' ? messageOf(status.reason) : settings.status === 'rejected' ? messageOf(settings.reason) : null,
    });
  }

  async refreshStatus(): Promise<void> {
    try {
      this.update({ status: await this.ask({ type: 'seller-status' }) });
    } catch {
      // A background restarting: the next poll or action asks again.
    }
  }

  openForm(sourceId: string): void {
    this.update({ form: { sourceId, token: '', error: null } });
  }

  setToken(token: string): void {
    if (this.state.form) this.update({ form: { ...this.state.form, token, error: null } });
  }

  cancelForm(): void {
    this.update({ form: null });
  }

  async connect(): Promise<void> {
    const form = this.state.form;
    if (!form) return;
    const token = form.token.trim();
    if (!token) {
      this.update({ form: { ...form, error: reason('sellerTokenMissing') } });
      return;
    }
    await this.withBusy(form.sourceId, async () => {
      try {
        await this.ask({ type: 'connect-seller', sourceId: form.sourceId, token });
        // The token is not kept on the page once the background has it.
        this.update({ form: null });
        this.onSourcesChanged();
        await this.refreshStatus();
      } catch (error) {
        if (this.state.form?.sourceId === form.sourceId) this.update({ form: { ...this.state.form, error: messageOf(error) } });
      }
    });
  }

  async disconnect(sourceId: string): Promise<void> {
    await this.withBusy(sourceId, async () => {
      try {
        await this.ask({ type: 'disconnect-seller', sourceId });
        this.onSourcesChanged();
        await this.refreshStatus();
      } catch (error) {
        this.update({ alert: messageOf(error) });
      }
    });
  }

  async publish(): Promise<void> {
    await this.withBusy('publish', async () => {
      try {
        this.update({ status: await this.ask({ type: 'publish-now' }) });
      } catch (error) {
        this.update({ alert: messageOf(error) });
      }
    });
  }

  async dismissConflict(tagId: string): Promise<void> {
    try {
      this.update({ status: await this.ask({ type: 'dismiss-conflict', tagId }) });
    } catch (error) {
      this.update({ alert: messageOf(error) });
    }
  }

  async setAnalytics(analytics: boolean): Promise<void> {
    const settings = this.state.settings;
    if (!settings) return;
    await this.withBusy('settings', async () => {
      try {
        this.update({ settings: await this.ask({ type: 'set-settings', settings: { ...settings, analytics } }) });
      } catch (error) {
        this.update({ alert: messageOf(error) });
      }
    });
  }

  /**
   * The UI language and Persian calendar (the page follows the settings change, platform/i18n/page.ts).
   * Not behind the busy flag: a quick second choice (arrow keys in the picker) wins instead of being dropped.
   */
  async setLanguage(choice: Pick<Settings, 'language' | 'calendar'>): Promise<void> {
    const settings = this.state.settings;
    if (!settings) return;
    this.update({ settings: { ...settings, ...choice } });
    try {
      this.update({ settings: await this.ask({ type: 'set-settings', settings: { ...settings, ...choice } }) });
    } catch (error) {
      this.update({ settings, alert: messageOf(error) });
    }
  }

  dismissAlert(): void {
    this.update({ alert: null });
  }

  /**
   * Keeps the status fresh: again whenever the page becomes visible (the seller tagged in another
   * tab), and every few seconds while changes wait to go out. Returns a stop function.
   */
  watch(doc: Document, win: Pick<Window, 'setInterval' | 'clearInterval'> = window): () => void {
    const onVisible = () => {
      if (doc.visibilityState === 'visible') void this.refreshStatus();
    };
    doc.addEventListener('visibilitychange', onVisible);
    const timer = win.setInterval(() => {
      if ((this.state.status?.pending ?? 0) > 0 && doc.visibilityState === 'visible') void this.refreshStatus();
    }, STATUS_POLL_MS);
    return () => {
      doc.removeEventListener('visibilitychange', onVisible);
      win.clearInterval(timer);
    };
  }
}
