/**
 * The Postcart feed v1 (`GET /v1/feed?since=<cursor>&limit=<n>`, ETag/304, `hasMore` paging,
 * deletions): parse one page and validate it record by record, so one bad record is skipped with
 * its reason and the rest still applies.
 */
import { feedSchemas, type StoredMerchant, type StoredReviewSummary, type StoredTag } from '../../catalog/model';
import { readText, parseJson, send } from '../../platform/http';
import { loopbackOrigin } from '../../platform/urls';
import { reason } from '../../platform/errors';
import type { Puller } from '../puller';
import { FeedError, skipFromZod, skipOf, toStoredProduct, type ParsedFeed, type RecordKind, type SkippedRecord } from '../records';

export interface ParseOptions {
  sourceId: string;
  /** The feed's own URL: relative URLs inside it resolve against this. */
  baseUrl: string;
  /** Origins besides https that URLs may point at (the extension's own, for the bundled catalog). */
  allowedOrigins?: readonly string[];
}

function recordId(record: unknown, key = 'id'): string | null {
  if (record && typeof record === 'object' && key in record) {
    const value = (record as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : null;
  }
  return null;
}

function resolveUrl(value: unknown, base: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return new URL(value, base).href;
  } catch {
    return value; // left for the schema to reject with a reason
  }
}

/** Resolves the URL fields of a raw record against the feed URL before validation. */
function withResolvedUrls(record: unknown, fields: string[], listFields: string[], base: string): unknown {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return record;
  const copy: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  for (const field of fields) copy[field] = resolveUrl(copy[field], base);
  for (const field of listFields) {
    const list = copy[field];
    if (Array.isArray(list)) copy[field] = list.map((item) => resolveUrl(item, base));
  }
  return copy;
}

/**
 * Validates one feed page. The envelope must be sound (else FeedError); each record is checked on
 * its own and a bad one is skipped with its reason, so the rest still applies.
 */
export function parseFeed(raw: unknown, options: ParseOptions): ParsedFeed {
  const schemas = feedSchemas(options.allowedOrigins ?? []);
  const envelope = schemas.FeedEnvelope.safeParse(raw);
  if (!envelope.success) {
    const skip = skipFromZod(envelope.error);
    throw new FeedError('errNotPostcartFeed', [skip.path || '/']);
  }
  const feed = envelope.data;
  const skipped: SkippedRecord[] = [];
  const { sourceId, baseUrl } = options;

  function collect<T>(kind: RecordKind, records: unknown[], idKey: string, parse: (record: unknown) => T): T[] {
    const seen = new Set<string>();
    const out: T[] = [];
    records.forEach((record, index) => {
      const id = recordId(record, idKey);
      if (id !== null && seen.has(id)) {
        skipped.push({ kind, index, id, path: '', reason: reason('skipDuplicateId') });
        return;
      }
      try {
        out.push(parse(record));
        if (id !== null) seen.add(id);
      } catch (error) {
        skipped.push({ kind, index, id, ...skipOf(error) });
      }
    });
    return out;
  }

  const merchants = collect('merchants', feed.merchants, 'id', (record) => {
    const merchant = schemas.FeedMerchant.parse(withResolvedUrls(record, ['url'], [], baseUrl));
    return { ...merchant, sourceId } satisfies StoredMerchant;
  });
  const products = collect('products', feed.products, 'id', (record) => {
    const product = schemas.FeedProduct.parse(withResolvedUrls(record, ['url'], ['images'], baseUrl));
    return toStoredProduct(product, sourceId);
  });
  const reviews = collect('reviews', feed.reviews, 'productId', (record) => {
    const summary = schemas.FeedReviewSummary.parse(record);
    return { ...summary, sourceId } satisfies StoredReviewSummary;
  });
  const tags = collect('tags', feed.tags, 'id', (record) => {
    const tag = schemas.FeedTag.parse(record);
    return { ...tag, variantId: tag.variantId ?? null, origin: 'feed', sourceId } satisfies StoredTag;
  });

  return { cursor: feed.cursor, hasMore: feed.hasMore, merchants, products, reviews, tags, deleted: feed.deleted, skipped };
}

/** The Postcart feed v1: `since` cursor, `hasMore` paging, ETag/304, deletions. */
export const pullPostcart: Puller = async function* (source, deps) {
  const request = (cursor: string | null, etag: string | null) => {
    const url = new URL(source.url);
    if (cursor) url.searchParams.set('since', cursor);
    url.searchParams.set('limit', String(deps.pageSize));
    return send(deps.fetch, url.href, { followRedirects: true, headers: etag ? { 'If-None-Match': etag } : {} }).then(async (response) => ({
      response,
      text: response.status === 304 ? '' : await readText(response, url.href),
      url: url.href,
    }));
  };
  // A catalog server on this machine serves its images over plain http from its own origin.
  const allowedOrigins = loopbackOrigin(source.url);
  let pending = request(source.cursor, source.etag);
  for (;;) {
    const { response, text, url } = await pending;
    if (response.status === 304) return;
    const feed = parseFeed(parseJson(text, url), { sourceId: source.id, baseUrl: source.url, allowedOrigins });
    const etag = response.headers.get('etag');
    // The next page downloads while this one is written; a worker stopped meanwhile just drops it.
    if (feed.hasMore) {
      pending = request(feed.cursor, null);
      pending.catch(() => undefined);
    }
    yield { feed, nextCursor: feed.cursor, etag, bytes: text.length, done: !feed.hasMore };
    if (!feed.hasMore) return;
  }
};
