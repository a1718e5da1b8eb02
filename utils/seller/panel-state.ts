/**
 * The options page's seller side: connecting a seller account (a pairing code or link from the
 * server's seller page, or a pasted token as the fallback), publishing, conflicts and the
 * analytics switch, behind an injected `send` (browser.runtime.sendMessage on the page, a fake in
 * tests). The page only subscribes and renders.
 */
import type { SellerStatus } from './model';
import type { Settings } from '../platform/settings';
import { reason, type Reason } from '../platform/errors';
import { messageOf, PageStore, type PageSend } from '../platform/page-store';
import { answerStats, type StatsPermission } from '../analytics/consent';

/** How the connect form connects: with a pairing code or link (the usual way), or a pasted token. */
export type ConnectMode = 'code' | 'token';

/** The open "connect as seller" form. */
export interface ConnectForm {
  /** The source it was opened on (its own button in the sources list); null: from the Seller section. */
  sourceId: string | null;
  mode: ConnectMode;
  /** The pairing code or link, or the token; dropped as soon as the background has it. */
  value: string;
  /** The server picked in the form when it was opened from the Seller section ('' until picked). */
  serverId: string;
  error: Reason | null;
}

export interface SellerPanelState {
  status: SellerStatus | null;
  settings: Settings | null;
  form: ConnectForm | null;
  /** Work in flight: 'publish', 'settings', or a source id being connected or disconnected. */
  busy: ReadonlySet<string>;
  /** The background's reason for the last failure outside the form. */
  alert: Reason | null;
}

export interface SellerPanelOptions {
  send: PageSend;
  /** Sources changed (connected or disconnected): the page lists them again. */
  onSourcesChanged?: () => void;
  /** The browser's permission for the stats (Firefox); none to ask for by default. */
  statsPermission?: StatsPermission;
  /** This browser's name on the server's seller page, next to the token pairing makes. */
  deviceName?: string;
}

const NO_PERMISSION: StatsPermission = { request: async () => true, release: async () => undefined };

/** The browser's name for the server's seller page ("Postcart in Firefox"); a label only, never a check. */
export function browserName(userAgent: string): string {
  for (const [pattern, name] of [[/Firefox\//, 'Firefox'], [/Edg\//, 'Edge'], [/OPR\//, 'Opera'], [/Chrome\//, 'Chrome']] as const) {
    if (pattern.test(userAgent)) return name;
  }
  return 'Chromium';
}

/** Whether the pairing field holds a link (which names its server) rather than a code. */
export function looksLikeLink(value: string): boolean {
  return /^\s*https?:/i.test(value);
}

/** The key of the busy flag of a connect form: its source, or the Seller section's form. */
export const PAIRING_BUSY = 'pairing';

/** How often the status is asked again while changes are waiting to go out. */
export const STATUS_POLL_MS = 2000;


export class SellerPanelController extends PageStore<SellerPanelState> {
  private readonly onSourcesChanged: () => void;
  private readonly statsPermission: StatsPermission;
  private readonly deviceName: string;

  constructor(options: SellerPanelOptions) {
    super({ status: null, settings: null, form: null, busy: new Set(), alert: null }, options.send);
    this.onSourcesChanged = options.onSourcesChanged ?? (() => undefined);
    this.statsPermission = options.statsPermission ?? NO_PERMISSION;
    this.deviceName = options.deviceName ?? '';
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

  /**
   * Opens the connect form on a source, or (null) the Seller section's, where a pairing link names
   * its server and a code or token goes to the server picked (`serverId`: the only one, if so).
   */
  openForm(sourceId: string | null, serverId = ''): void {
    this.update({ form: { sourceId, mode: 'code', value: '', serverId, error: null } });
  }

  setMode(mode: ConnectMode): void {
    if (this.state.form) this.update({ form: { ...this.state.form, mode, value: '', error: null } });
  }

  setValue(value: string): void {
    if (this.state.form) this.update({ form: { ...this.state.form, value, error: null } });
  }

  setServer(serverId: string): void {
    if (this.state.form) this.update({ form: { ...this.state.form, serverId, error: null } });
  }

  cancelForm(): void {
    this.update({ form: null });
  }

  private failForm(form: ConnectForm, error: Reason): void {
    const open = this.state.form;
    if (open && open.sourceId === form.sourceId) this.update({ form: { ...open, error } });
  }

  /**
   * Connects with what the form holds: a pairing code or link (the background redeems it and keeps
   * the token it brings), or a pasted token checked by the server. The form closes on success.
   */
  async connect(): Promise<void> {
    const form = this.state.form;
    if (!form) return;
    const value = form.value.trim();
    if (!value) {
      this.update({ form: { ...form, error: reason(form.mode === 'code' ? 'sellerPairMissing' : 'sellerTokenMissing') } });
      return;
    }
    // A pasted pairing link names its server (the background checks it against a chosen source).
    const sourceId = form.sourceId ?? (form.mode === 'code' && looksLikeLink(value) ? null : form.serverId || null);
    if (form.mode === 'token' && !sourceId) {
      this.update({ form: { ...form, error: reason('errPairingWhichServer') } });
      return;
    }
    await this.withBusy(form.sourceId ?? PAIRING_BUSY, async () => {
      try {
        if (form.mode === 'code') await this.ask({ type: 'pair-seller', sourceId, input: value, device: this.deviceName });
        else await this.ask({ type: 'connect-seller', sourceId: sourceId!, token: value });
        // The code or token is not kept on the page once the background has it.
        this.update({ form: null });
        this.onSourcesChanged();
        await this.refreshStatus();
      } catch (error) {
        this.failForm(form, messageOf(error));
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

  /**
   * The stats switch. Call it from the click itself: switching on asks the browser's permission
   * first (Firefox), before anything else is awaited.
   */
  async setAnalytics(analytics: boolean): Promise<void> {
    if (!this.state.settings || this.state.busy.has('settings')) return;
    const answered = answerStats(this.statsPermission, analytics, (allowed) => this.ask({ type: 'set-analytics', analytics: allowed }));
    await this.withBusy('settings', async () => {
      try {
        this.update({ settings: await answered });
      } catch (error) {
        this.update({ alert: messageOf(error) });
      }
    });
  }

  /** Changes some settings (the options page's linked-products switch and rate). */
  async changeSettings(patch: Partial<Settings>): Promise<void> {
    const settings = this.state.settings;
    if (!settings) return;
    await this.withBusy('settings', async () => {
      try {
        this.update({ settings: await this.ask({ type: 'set-settings', settings: { ...settings, ...patch } }) });
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
