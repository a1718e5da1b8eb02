/**
 * A seller's connection to a Postcart catalog server: a bearer token stored on the source row,
 * obtained by pairing (the seller types the short code the server's seller page shows, or pastes
 * its pairing link, and the server answers with a new token of that merchant) or, as a fallback,
 * pasted and checked against `GET /v1/seller`. The token is sent only in the Authorization header
 * and only to the source's own server; it never leaves the background otherwise.
 */
import type { PostcartDB } from '../catalog/db';
import { UserError } from '../platform/errors';
import { exchange, getJson, HttpError, parseJson, readText, type Fetcher } from '../platform/http';
import { isSourceUrl, originOf, parseUrl } from '../platform/urls';
import { DEMO_SOURCE_ID } from '../sync/demo';
import type { SourceState } from '../sync/source';
import { PairingAnswer, PairingRefusal, SellerIdentity } from './model';

/** The seller API next to a Postcart feed: `.../v1/feed` -> `.../v1/<path>`; null for other sources. */
export function sellerEndpoint(source: Pick<SourceState, 'id' | 'kind' | 'url'>, path: 'seller' | 'tags' | 'events' | 'stats' | 'pairing/redeem'): string | null {
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

/** Stores a checked token and its merchant on the source. */
async function storeConnection(db: PostcartDB, sourceId: string, token: string, identity: SellerIdentity, now: number): Promise<SourceState> {
  // Re-read: a sync may have written the row while we waited for the server.
  return db.transaction('rw', db.sources, async () => {
    const fresh = await db.sources.get(sourceId);
    if (!fresh) throw new UserError('errSourceGone');
    const updated: SourceState = { ...fresh, seller: { token, merchantId: identity.merchantId, merchantName: identity.merchantName, connectedAt: now } };
    await db.sources.put(updated);
    return updated;
  });
}

/** Verifies the token and stores the connection on the source. */
export async function connectSeller(db: PostcartDB, fetcher: Fetcher, sourceId: string, token: string, now: number): Promise<SourceState> {
  const source = await db.sources.get(sourceId);
  if (!source) throw new UserError('errSourceGone');
  const identity = await verifySellerToken(fetcher, source, token.trim());
  return storeConnection(db, sourceId, token.trim(), identity, now);
}

// ---------------------------------------------------------------- pairing

/** The server's code alphabet (no 0/O, 1/I/L) and length: "ABCD-EFGH" shown, read back in any case. */
export const PAIRING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const PAIRING_CODE_LENGTH = 8;

/** A code as typed (any case, hyphens and spaces anywhere) in the form the server stores, or null. */
export function normalizePairingCode(raw: string): string | null {
  const code = raw.replace(/[\s-]/g, '').toUpperCase();
  if (code.length !== PAIRING_CODE_LENGTH) return null;
  for (const char of code) if (!PAIRING_CODE_ALPHABET.includes(char)) return null;
  return code;
}

/** What a seller typed into the pairing field: a code, or a pairing link (which also names the server). */
export interface PairingInput {
  code: string;
  /** The Postcart feed of the server the link came from; null for a bare code. */
  feedUrl: string | null;
}

/**
 * Reads the pairing field: "ABCD-EFGH", or the link the seller page shows
 * (`https://server/pair#code=ABCD2345`; the code sits in the fragment, which browsers never send).
 * The link's server must be one a source may be: https, or plain http on this machine.
 */
export function parsePairingInput(raw: string): PairingInput | null {
  const text = raw.trim();
  const code = normalizePairingCode(text);
  if (code) return { code, feedUrl: null };
  const url = parseUrl(text);
  if (!url || url.username || url.password || !/\/pair\/?$/.test(url.pathname)) return null;
  const fromLink = /(?:^#|&)code=([A-Za-z0-9-]{8,9})(?:&|$)/.exec(url.hash)?.[1];
  const linked = fromLink ? normalizePairingCode(fromLink) : null;
  if (!linked) return null;
  const feedUrl = `${originOf(url)}${url.pathname.replace(/\/pair\/?$/, '')}/v1/feed`;
  return isSourceUrl(feedUrl) ? { code: linked, feedUrl } : null;
}

/** Whether a source is the Postcart server of `feedUrl` (same seller API, whatever the spelling of the feed address). */
export function isServerOf(source: Pick<SourceState, 'id' | 'kind' | 'url'>, feedUrl: string): boolean {
  const mine = sellerEndpoint(source, 'seller');
  return mine !== null && mine === sellerEndpoint({ id: 'link', kind: 'postcart', url: feedUrl }, 'seller');
}

export interface PairRequest {
  /** The source the seller chose; null when a link names the server. */
  sourceId: string | null;
  input: string;
  /** Shown on the server's seller page next to the new token ("Postcart in Chrome"). */
  device: string;
}

export interface PairDeps {
  db: PostcartDB;
  fetch: Fetcher;
  now: number;
  /** Adds a Postcart source for a server a pairing link named and no source has yet (sync/handlers). */
  addSource: (feedUrl: string) => Promise<SourceState>;
}

/**
 * Where a pairing goes: the source chosen, the source of the server the link names, or the only
 * server there is. A link to a server no source has yet gives its feed address: the source is
 * added only once the server took the code.
 */
async function pairingTarget(deps: PairDeps, request: PairRequest, input: PairingInput): Promise<SourceState | { feedUrl: string }> {
  const sources = await deps.db.sources.toArray();
  if (request.sourceId !== null) {
    const chosen = sources.find((source) => source.id === request.sourceId);
    if (!chosen) throw new UserError('errSourceGone');
    if (!sellerEndpoint(chosen, 'seller')) throw new UserError('errSellerNeedsServer');
    if (input.feedUrl && !isServerOf(chosen, input.feedUrl)) throw new UserError('errPairingOtherServer', [new URL(input.feedUrl).host, new URL(chosen.url).host]);
    return chosen;
  }
  const feedUrl = input.feedUrl;
  if (feedUrl) return sources.find((source) => isServerOf(source, feedUrl)) ?? { feedUrl };
  const servers = sources.filter((source) => sellerEndpoint(source, 'seller') !== null);
  if (servers.length === 1) return servers[0]!;
  throw new UserError(servers.length === 0 ? 'errPairingNoServer' : 'errPairingWhichServer');
}

/**
 * Redeems a pairing code at the server for a new seller token bound to its merchant, and stores the
 * connection. The server answers a wrong, expired or used code alike, and locks redeeming for a
 * while after a few wrong ones (the token field stays as the fallback).
 */
export async function pairSeller(deps: PairDeps, request: PairRequest): Promise<SourceState> {
  const input = parsePairingInput(request.input);
  if (!input) throw new UserError('errPairingMalformed');
  const target = await pairingTarget(deps, request, input);
  const endpoint = sellerEndpoint('id' in target ? target : { id: 'link', kind: 'postcart', url: target.feedUrl }, 'pairing/redeem');
  if (!endpoint) throw new UserError('errSellerNeedsServer');
  const host = new URL(endpoint).host;
  let answer: Awaited<ReturnType<typeof exchange>>;
  try {
    answer = await exchange(deps.fetch, endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ code: input.code, ...(request.device ? { device: request.device } : {}) }),
    });
  } catch (error) {
    if (error instanceof HttpError) throw new UserError('errSellerUnreachable', [host]);
    throw error;
  }
  const { response } = answer;
  let body: unknown = null;
  try {
    body = parseJson(await readText(response, endpoint, { maxBytes: 64 * 1024 }), endpoint);
  } catch {
    // judged by the status below
  }
  if (response.status === 201 || response.status === 200) {
    const paired = PairingAnswer.safeParse(body);
    if (!paired.success) throw new UserError('errSellerNotPostcart', [host]);
    const source = 'id' in target ? target : await deps.addSource(target.feedUrl);
    return storeConnection(deps.db, source.id, paired.data.token, paired.data, deps.now);
  }
  const refusal = PairingRefusal.safeParse(body);
  const why = refusal.success ? refusal.data.details.reason : null;
  if (response.status === 429 && why === 'locked') {
    const minutes = Math.max(1, Math.ceil((refusal.success ? (refusal.data.details.retryAfterSeconds ?? 60) : Number(response.headers.get('retry-after')) || 60) / 60));
    throw new UserError('errPairingLocked', [host, minutes]);
  }
  if (why === 'invalid-code') throw new UserError('errPairingInvalid', [host]);
  if (why === 'malformed-code') throw new UserError('errPairingMalformed');
  if (response.status === 404 || response.status === 405) throw new UserError('errPairingNotOffered', [host]);
  throw new UserError('errSellerStatus', [host, response.status]);
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
