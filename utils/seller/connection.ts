/**
 * A seller's connection to a Postcart catalog server: a bearer token checked against
 * `GET /v1/seller` and stored on the source row. The token is sent only in the Authorization
 * header and only to the source's own server; it never leaves the background otherwise.
 */
import type { PostcartDB } from '../catalog/db';
import { UserError } from '../platform/errors';
import { getJson, HttpError, type Fetcher } from '../platform/http';
import { DEMO_SOURCE_ID } from '../sync/demo';
import type { SourceState } from '../sync/source';
import { SellerIdentity } from './model';

/** The seller API next to a Postcart feed: `.../v1/feed` -> `.../v1/<path>`; null for other sources. */
export function sellerEndpoint(source: Pick<SourceState, 'id' | 'kind' | 'url'>, path: 'seller' | 'tags' | 'events' | 'stats'): string | null {
  if (source.kind !== 'postcart' || source.id === DEMO_SOURCE_ID) return null;
  let url: URL;
  try {
    url = new URL(source.url);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !/\/v1\/feed\/?$/.test(url.pathname)) return null;
  url.pathname = url.pathname.replace(/\/$/, '');
  url.search = '';
  url.hash = '';
  return new URL(path, url).href;
}

/** Asks the source's server who the token belongs to. Throws a UserError with a reason for people. */
export async function verifySellerToken(fetcher: Fetcher, source: SourceState, token: string): Promise<SellerIdentity> {
  const endpoint = sellerEndpoint(source, 'seller');
  if (!endpoint) throw new UserError('errSellerNeedsServer');
  const host = new URL(endpoint).host;
  let body: unknown;
  try {
    ({ json: body } = await getJson(fetcher, endpoint, { token, headers: { accept: 'application/json' } }));
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    if (error.key === 'errHttpNotJson') throw new UserError('errSellerNotPostcart', [host]);
    if (error.status === null) throw new UserError('errSellerUnreachable', [host]);
    if (error.outcome === 'unauthorized') throw new UserError('errSellerTokenRefused', [host]);
    if (error.status === 404) throw new UserError('errSellerNotTaken', [host]);
    throw new UserError('errSellerStatus', [host, error.status]);
  }
  const identity = SellerIdentity.safeParse(body);
  if (!identity.success) throw new UserError('errSellerNotPostcart', [host]);
  return identity.data;
}

/** Verifies the token and stores the connection on the source. */
export async function connectSeller(db: PostcartDB, fetcher: Fetcher, sourceId: string, token: string, now: number): Promise<SourceState> {
  const source = await db.sources.get(sourceId);
  if (!source) throw new UserError('errSourceGone');
  const identity = await verifySellerToken(fetcher, source, token.trim());
  // Re-read: a sync may have written the row while we waited for the server.
  return db.transaction('rw', db.sources, async () => {
    const fresh = await db.sources.get(sourceId);
    if (!fresh) throw new UserError('errSourceGone');
    const updated: SourceState = { ...fresh, seller: { token: token.trim(), merchantId: identity.merchantId, merchantName: identity.merchantName, connectedAt: now } };
    await db.sources.put(updated);
    return updated;
  });
}

export async function disconnectSeller(db: PostcartDB, sourceId: string): Promise<SourceState> {
  return db.transaction('rw', db.sources, async () => {
    const source = await db.sources.get(sourceId);
    if (!source) throw new UserError('errSourceGone');
    const updated: SourceState = { ...source, seller: null };
    await db.sources.put(updated);
    return updated;
  });
}
