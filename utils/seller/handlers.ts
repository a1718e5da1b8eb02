/**
 * The background's answers to the seller requests of extension pages (connect, publish,
 * conflicts). Routed by utils/background.ts like every other request, after the sender check.
 */
import type { PostcartDB } from '../catalog/db';
import type { PageRequest, ResponseMap } from '../platform/messages';
import type { Fetcher } from '../sync/engine';
import { connectSeller, ConnectionError, disconnectSeller } from './connection';
import { sourceView } from './model';
import { dismissConflict, publishOutbox, sellerStatus } from './publish';

export interface SellerHandlerDeps {
  db: PostcartDB;
  fetch: Fetcher;
  now: () => number;
  /** Turns a failure the user should read into the background's error reply. */
  fail: (message: string) => Error;
}

type SellerRequest = 'connect-seller' | 'disconnect-seller' | 'seller-status' | 'publish-now' | 'dismiss-conflict';
type SellerHandlers = { [K in SellerRequest]: (message: Extract<PageRequest, { type: K }>) => Promise<ResponseMap[K]> };

export function sellerHandlers(deps: SellerHandlerDeps): SellerHandlers {
  const { db, now } = deps;
  const publish = (force: boolean) => publishOutbox({ db, fetch: deps.fetch, now }, { force });
  return {
    'connect-seller': async (m) => {
      let source;
      try {
        source = await connectSeller(db, deps.fetch, m.sourceId, m.token, now());
      } catch (error) {
        throw error instanceof ConnectionError ? deps.fail(error.message) : error;
      }
      // Changes that were waiting for this connection go out now (the answer does not wait for them).
      void publish(true).catch((error: unknown) => console.error('[postcart] publishing failed', error));
      return sourceView(source);
    },
    'disconnect-seller': async (m) => {
      try {
        return sourceView(await disconnectSeller(db, m.sourceId));
      } catch (error) {
        throw error instanceof ConnectionError ? deps.fail(error.message) : error;
      }
    },
    'seller-status': () => sellerStatus(db),
    'publish-now': async () => {
      await publish(true);
      return sellerStatus(db);
    },
    'dismiss-conflict': async (m) => {
      await dismissConflict(db, m.tagId);
      return sellerStatus(db);
    },
  };
}
