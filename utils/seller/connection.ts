/**
 * A seller's connection to a Postcart catalog server: a bearer token checked against
 * `GET /v1/seller` and stored on the source row. The token is sent only in the Authorization
 * header and only to the source's own server; it never leaves the background otherwise.
 */
import type { PostcartDB } from '../catalog/db';
import { DEMO_SOURCE_ID } from '../sync/sources/postcart';
import type { Fetcher } from '../sync/engine';
import type { SourceState } from '../sync/source';
import { SellerIdentity } from './model';


export class ConnectionError extends Error {
  override name = 'ConnectionError';
}

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

/**
 * Request options for anything carrying the token: no cookies, no cache, and no redirects (a
 * redirect could carry the header to another server).
 */
export function bearerInit(token: string, init: RequestInit = {}): RequestInit {
  return {
    ...init,
    headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` },
    credentials: 'omit',
    cache: 'no-store',
    redirect: 'error',
  };
}

/** Asks the source's server who the token belongs to. Throws ConnectionError with a reason for people. */
export async function verifySellerToken(fetcher: Fetcher, source: SourceState, token: string): Promise<SellerIdentity> {
  const endpoint = sellerEndpoint(source, 'seller');
  if (!endpoint) throw new ConnectionError('Only a Postcart catalog server (an address ending in /v1/feed) takes a seller connection');
  const host = new URL(endpoint).host;
  let response: Response;
  try {
    response = await fetcher(endpoint, bearerInit(token, { method: 'GET', headers: { accept: 'application/json' } }));
  } catch {
    throw new ConnectionError(`Could not reach ${host}. Check that the catalog server is running and try again.`);
  }
  if (response.status === 401 || response.status === 403) throw new ConnectionError(`${host} did not accept this seller token. Check that you pasted the whole token.`);
  if (response.status === 404) throw new ConnectionError(`${host} does not take seller connections (it answered 404)`);
  if (!response.ok) throw new ConnectionError(`${host} answered ${response.status}; try again later`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ConnectionError(`${host} did not answer like a Postcart catalog server`);
  }
  const identity = SellerIdentity.safeParse(body);
  if (!identity.success) throw new ConnectionError(`${host} did not answer like a Postcart catalog server`);
  return identity.data;
}

/** Verifies the token and stores the connection on the source. */
export async function connectSeller(db: PostcartDB, fetcher: Fetcher, sourceId: string, token: string, now: number): Promise<SourceState> {
  const source = await db.sources.get(sourceId);
  if (!source) throw new ConnectionError('This catalog source is gone; reload the page');
  const identity = await verifySellerToken(fetcher, source, token.trim());
  // Re-read: a sync may have written the row while we waited for the server.
  return db.transaction('rw', db.sources, async () => {
    const fresh = await db.sources.get(sourceId);
    if (!fresh) throw new ConnectionError('This catalog source is gone; reload the page');
    const updated: SourceState = { ...fresh, seller: { token: token.trim(), merchantId: identity.merchantId, merchantName: identity.merchantName, connectedAt: now } };
    await db.sources.put(updated);
    return updated;
  });
}

export async function disconnectSeller(db: PostcartDB, sourceId: string): Promise<SourceState> {
  return db.transaction('rw', db.sources, async () => {
    const source = await db.sources.get(sourceId);
    if (!source) throw new ConnectionError('This catalog source is gone; reload the page');
    const updated: SourceState = { ...source, seller: null };
    await db.sources.put(updated);
    return updated;
  });
}
