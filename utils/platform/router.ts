/**
 * The background's one door: every message is parsed with the zod unions of messages.ts, checked
 * for who sent it (content scripts may ask what an overlay needs; cart, checkout, settings,
 * sources and seller connections are for extension pages only), and handed to its domain's
 * handler. Failures leave as a Reason (platform/errors.ts); nothing else about them does.
 * The entrypoint only wires browser events to `createBackground`.
 */
import { analyticsHandlers } from '../analytics/events';
import { cartHandlers } from '../cart/handlers';
import type { PostcartDB } from '../catalog/db';
import { catalogHandlers, watchHandlers } from '../catalog/handlers';
import { alertAfterRun, type Notifier } from '../catalog/alerts';
import { checkoutHandlers } from '../checkout/handlers';
import { recordCheckoutEvents } from '../analytics/events';
import { resumePendingOrders, type OrderDeps } from '../checkout/orders';
import { sellerHandlers } from '../seller/handlers';
import type { SyncDeps } from '../sync/puller';
import { addSource, sourceHandlers, type SourceHandlerDeps } from '../sync/handlers';
import { memoryStore, sitesHandlers } from '../sites/handlers';
import { linkedHandlers, LinkedService, type LinkedPlatform } from '../sync/linked/handlers';
import { reason, reasonOfError, UserError } from './errors';
import type { Fetcher } from './http';
import { ContentRequest, PageRequest, type Handlers, type ResponseMap, type SenderInfo } from './messages';
import type { Reply } from './request';
import { settingsHandlers, type SettingsStore } from './settings';

export type { SenderInfo } from './messages';

export interface BackgroundDeps {
  db: PostcartDB;
  settings: SettingsStore;
  extensionId: string;
  /** e.g. "chrome-extension://abc": extension pages are the only senders of privileged requests. */
  extensionOrigin: string;
  /** `active: false` opens the page behind the popup (several merchants checking out in a row). */
  openTab: (url: string, options: { active: boolean }) => Promise<void>;
  /** Opens an extension page in a small window of its own (the AI summary); a tab when absent. */
  openWindow?: (url: string) => Promise<void>;
  /** The shopper's UI locale, for store checkouts that can take one. */
  locale?: string;
  /** Called with a checkout's lines once it is recorded; by default queues anonymous "checkout" events. */
  onCheckoutStarted?: OrderDeps['onCheckoutStarted'];
  /** The network, for catalog sources (tests pass a fake). */
  fetch?: Fetcher;
  /** Puts the bundled demo catalog back after a source that overwrote demo records is removed. */
  restoreDemo?: () => Promise<void>;
  now?: () => number;
  newId?: () => string;
  /** Called after a seller's tag edits are committed to the outbox (the publisher starts a run). */
  onTagsChanged?: () => void;
  /** Shows price alerts and the toolbar badge (the worker's notifications; absent: none shown). */
  notifier?: Notifier;
  /** Shops' host permissions and the permission page, for products from linked shops (none: never asked). */
  linked?: LinkedPlatform;
  /** Whether the browser lets stats leave (Firefox's data collection permission); always, by default. */
  statsPermitted?: () => Promise<boolean>;
  /** Storage that lasts the browser session (storage.session): each tab's latest reading report. */
  session?: SettingsStore;
}

export function createBackground(deps: BackgroundDeps) {
  const { db, settings } = deps;
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const fetcher: Fetcher = deps.fetch ?? ((url, init) => fetch(url, init));
  const notifier: Notifier = deps.notifier ?? { show: async () => undefined, badge: async () => undefined };
  // Every sync run, whoever starts it, ends with the price alerts it brings.
  const syncDeps = (): SyncDeps => ({ db, fetch: fetcher, now, afterRun: async (run) => void (await alertAfterRun({ db, now, notifier }, run)) });
  const orderDeps: OrderDeps = {
    db,
    openTab: deps.openTab,
    fetch: fetcher,
    now,
    newId,
    locale: deps.locale,
    onCheckoutStarted: deps.onCheckoutStarted ?? (async (lines) => void (await recordCheckoutEvents(db, lines, now(), settings))),
  };

  const linked = new LinkedService({ db, fetch: fetcher, store: settings, platform: deps.linked, now });

  const sourceDeps: SourceHandlerDeps = { sync: syncDeps, newId, restoreDemo: deps.restoreDemo };
  const handlers: Handlers<keyof ResponseMap> = {
    ...catalogHandlers(db, { now, linked, openPage: (path) => (deps.openWindow ?? ((url) => deps.openTab(url, { active: true })))(`${deps.extensionOrigin}${path}`) }),
    ...watchHandlers({ db, now, newId, notifier }),
    ...cartHandlers(db, now),
    ...checkoutHandlers(orderDeps),
    ...settingsHandlers(settings),
    ...sourceHandlers(sourceDeps),
    ...sellerHandlers({
      db,
      settings,
      fetch: fetcher,
      now,
      newId,
      onTagsChanged: deps.onTagsChanged,
      // A pairing link may name a server no source has yet: it is added like one the user typed in.
      addSource: (feedUrl) => addSource(sourceDeps, { kind: 'postcart', url: feedUrl, label: '', currency: null, merchant: null }),
    }),
    ...analyticsHandlers({ db, settings, fetch: fetcher, now, permitted: deps.statsPermitted }),
    ...linkedHandlers(linked),
    ...sitesHandlers({ store: settings, session: deps.session ?? memoryStore(), now }),
  };

  function isOurs(sender: SenderInfo): boolean {
    return sender.id === deps.extensionId;
  }
  function isExtensionPage(sender: SenderInfo): boolean {
    return isOurs(sender) && typeof sender.url === 'string' && sender.url.startsWith(`${deps.extensionOrigin}/`);
  }

  /** Parses and routes one message. Never throws: errors become `{ ok: false, error: reason }`. */
  async function handleMessage(message: unknown, sender: SenderInfo): Promise<Reply<unknown>> {
    try {
      if (!isOurs(sender)) return { ok: false, error: reason('errUnknownSender') };
      const content = ContentRequest.safeParse(message);
      if (content.success) {
        const handler = handlers[content.data.type] as (m: ContentRequest, sender: SenderInfo) => Promise<unknown>;
        return { ok: true, data: await handler(content.data, sender) };
      }
      const page = PageRequest.safeParse(message);
      if (page.success) {
        if (!isExtensionPage(sender)) return { ok: false, error: reason('errNotFromPage') };
        const handler = handlers[page.data.type] as (m: PageRequest, s: SenderInfo) => Promise<unknown>;
        return { ok: true, data: await handler(page.data, sender) };
      }
      return { ok: false, error: reason('errMalformedMessage') };
    } catch (error) {
      if (!(error instanceof UserError)) console.error('[postcart] request failed', error);
      return { ok: false, error: reasonOfError(error) };
    }
  }

  /** Orders-api requests a stopped worker cut off are resent (same key) when it starts again. */
  const resumeOrders = () => resumePendingOrders(orderDeps);

  return { handleMessage, handlers, resumeOrders, syncDeps, linked };
}
