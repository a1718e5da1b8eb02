/**
 * The background's answers to seller requests: from a content script in seller mode (a post's
 * tags, saving them, the seller's own accounts) and from extension pages (connecting, publishing,
 * conflicts, the dashboard's figures).
 */
import type { PostcartDB } from '../catalog/db';
import { UserError } from '../platform/errors';
import type { Fetcher } from '../platform/http';
import type { Handlers } from '../platform/messages';
import { readSettings, type SettingsStore } from '../platform/settings';
import { connectSeller, disconnectSeller, pairSeller } from './connection';
import type { SourceState } from '../sync/source';
import { sourceView } from './model';
import { dismissConflict, publishOutbox, sellerStatus } from './publish';
import { readSellerStats } from './stats';
import { firstTaggedAt, postTags, savePostTags, sellerAccounts } from './tags';

export interface SellerHandlerDeps {
  db: PostcartDB;
  settings: SettingsStore;
  fetch: Fetcher;
  now: () => number;
  newId: () => string;
  /** Called after a seller's tag edits are committed to the outbox (the publisher starts a run). */
  onTagsChanged?: () => void;
  /** Adds a Postcart source for a server a pairing link names (sync/handlers.ts `addSource`). */
  addSource?: (feedUrl: string) => Promise<SourceState>;
}

type SellerRequest =
  | 'get-post-tags'
  | 'save-post-tags'
  | 'seller-accounts'
  | 'connect-seller'
  | 'pair-seller'
  | 'disconnect-seller'
  | 'seller-status'
  | 'publish-now'
  | 'dismiss-conflict'
  | 'seller-stats'
  | 'post-tag-dates';

export function sellerHandlers(deps: SellerHandlerDeps): Handlers<SellerRequest> {
  const { db, now } = deps;
  const publish = (force: boolean) => publishOutbox({ db, fetch: deps.fetch, now }, { force });
  async function requireSellerMode(): Promise<void> {
    if (!(await readSettings(deps.settings)).sellerMode) throw new UserError('errSellerModeOff');
  }
  return {
    'get-post-tags': async (m) => {
      await requireSellerMode();
      return postTags(db, m.platform, m.postId);
    },
    'save-post-tags': async (m) => {
      await requireSellerMode();
      const saved = await savePostTags(db, m, now(), deps.newId);
      // After the commit: the publisher must find the outbox entries when it runs.
      if (saved.written.length + saved.deleted.length > 0) deps.onTagsChanged?.();
      return postTags(db, m.platform, m.postId);
    },
    'seller-accounts': async () => {
      await requireSellerMode();
      return sellerAccounts(db);
    },
    'connect-seller': async (m) => {
      const source = await connectSeller(db, deps.fetch, m.sourceId, m.token, now());
      // Changes that were waiting for this connection go out now (the answer does not wait for them).
      void publish(true).catch((error: unknown) => console.error('[postcart] publishing failed', error));
      return sourceView(source);
    },
    'pair-seller': async (m) => {
      const addSource = deps.addSource ?? (() => Promise.reject(new UserError('errPairingNoServer')));
      const source = await pairSeller({ db, fetch: deps.fetch, now: now(), addSource }, { sourceId: m.sourceId, input: m.input, device: m.device });
      void publish(true).catch((error: unknown) => console.error('[postcart] publishing failed', error));
      return sourceView(source);
    },
    'disconnect-seller': async (m) => sourceView(await disconnectSeller(db, m.sourceId)),
    'seller-status': () => sellerStatus(db),
    'publish-now': async () => {
      await publish(true);
      return sellerStatus(db);
    },
    'dismiss-conflict': async (m) => {
      await dismissConflict(db, m.tagId);
      return sellerStatus(db);
    },
    'seller-stats': (m) => readSellerStats(db, deps.fetch, m.sourceId, m.from, m.to),
    'post-tag-dates': (m) => firstTaggedAt(db, m.posts),
  };
}
