/**
 * What every source kind turns its answer into, and how a bad record is skipped: a ParsedFeed of
 * stored rows plus the records it skipped, each with the field path and a reason (an i18n key, so
 * the options page and `npm run feed:check` say it in words). One bad record never costs the rest.
 */
import { z } from 'zod';
import { normalizeGtin } from '../catalog/gtin';
import { productUrlKey } from '../sites/links';
import type { FeedProduct, StoredMerchant, StoredProduct, StoredReviewSummary, StoredTag } from '../catalog/model';
import { parseDecimal } from '../platform/money';
import { reason, UserError, type MessageKey, type Reason } from '../platform/errors';

export const RECORD_KINDS = ['merchants', 'products', 'reviews', 'tags'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export interface SkippedRecord {
  kind: RecordKind;
  /** Position of the record in its page or file. */
  index: number;
  id: string | null;
  /** Where in the record the problem is ("variants.0.price"); '' for the record as a whole. */
  path: string;
  reason: Reason;
}

export interface ParsedFeed {
  cursor: string;
  hasMore: boolean;
  merchants: StoredMerchant[];
  products: StoredProduct[];
  reviews: StoredReviewSummary[];
  tags: StoredTag[];
  deleted: { products: string[]; tags: string[] };
  skipped: SkippedRecord[];
}

/** A parsed page plus what the user should know about the run (shown as the run's note). */
export interface SourcePage extends ParsedFeed {
  notes: Reason[];
}

/** A page of a source kind that brings only some record kinds: the rest empty, no deletions. */
export function sourcePage(page: Partial<SourcePage> & Pick<SourcePage, 'skipped'>): SourcePage {
  return { cursor: '', hasMore: false, merchants: [], products: [], reviews: [], tags: [], deleted: { products: [], tags: [] }, notes: [], ...page };
}

/** The page or file as a whole is unusable (not the format, truncated, misconfigured); the previous data is kept. */
export class FeedError extends UserError {
  override name = 'FeedError';
}

/** One record (or one field of it) is unusable: it is skipped with this path and reason. */
export class SkipError extends UserError {
  override name = 'SkipError';

  constructor(
    readonly path: string,
    key: MessageKey,
    args: readonly (string | number)[] = [],
  ) {
    super(key, args);
  }
}

/** Whether a zod message is one of ours (an i18n key) rather than zod's own English. */
const KEY_LIKE = /^(?:skip|err)[A-Z]\w*$/;

/** The path and reason of one zod issue, with `prefix` before its own path. */
export function issueReason(issue: z.core.$ZodIssue, prefix: readonly (string | number)[] = []): { path: string; reason: Reason } {
  const path = [...prefix, ...issue.path.map(String)].join('.');
  if (KEY_LIKE.test(issue.message)) return { path, reason: reason(issue.message as MessageKey) };
  switch (issue.code) {
    case 'invalid_type':
      // zod reports a missing field as a type error that received undefined.
      return { path, reason: /received undefined/.test(issue.message) ? reason('skipMissing') : reason('skipWrongType', issue.expected) };
    case 'too_big':
      if (issue.origin === 'string') return { path, reason: reason('skipTooLong', String(issue.maximum)) };
      if (issue.origin === 'array' || issue.origin === 'set') return { path, reason: reason('skipTooMany', String(issue.maximum)) };
      return { path, reason: reason('skipTooBig', String(issue.maximum)) };
    case 'too_small':
      if (issue.origin === 'string') return { path, reason: reason('skipEmpty') };
      if (issue.origin === 'array' || issue.origin === 'set') return { path, reason: reason('skipTooFew', String(issue.minimum)) };
      return { path, reason: reason('skipTooSmall', String(issue.minimum)) };
    case 'invalid_value':
      return { path, reason: reason('skipUnknownValue') };
    case 'invalid_format':
      return { path, reason: issue.format === 'datetime' || issue.format === 'date' ? reason('skipDateTime') : reason('skipInvalid') };
    default:
      return { path, reason: reason('skipInvalid') };
  }
}

/** The first issue of a zod error as a SkipError (so callers can throw it on as one record's reason). */
export function skipFromZod(error: z.ZodError, prefix: readonly (string | number)[] = []): SkipError {
  const issue = error.issues[0];
  if (!issue) return new SkipError(prefix.join('.'), 'skipInvalid');
  const { path, reason: why } = issueReason(issue, prefix);
  return new SkipError(path, why.key, why.args);
}

/** Path and reason of whatever a record's parse threw. */
export function skipOf(error: unknown): { path: string; reason: Reason } {
  if (error instanceof z.ZodError) {
    const skip = skipFromZod(error);
    return { path: skip.path, reason: skip.reason };
  }
  if (error instanceof SkipError) return { path: error.path, reason: error.reason };
  if (error instanceof UserError) return { path: '', reason: error.reason };
  return { path: '', reason: reason('skipInvalid') };
}

/** Collects records one by one: a bad one is skipped with its reason, a repeated id is skipped as a duplicate. */
export class RecordCollector<T extends { id: string }> {
  readonly records: T[] = [];
  private readonly seen = new Set<string>();
  constructor(
    readonly kind: RecordKind,
    readonly skipped: SkippedRecord[],
  ) {}

  add(index: number, id: string | null, build: () => T): T | null {
    if (id !== null && this.seen.has(id)) {
      this.skip(index, id, '', reason('skipDuplicateId'));
      return null;
    }
    try {
      const record = build();
      if (this.seen.has(record.id)) {
        this.skip(index, id ?? record.id, '', reason('skipDuplicateId'));
        return null;
      }
      this.seen.add(record.id);
      if (id !== null) this.seen.add(id);
      this.records.push(record);
      return record;
    } catch (error) {
      const { path, reason: why } = skipOf(error);
      this.skip(index, id, path, why);
      return null;
    }
  }

  skip(index: number, id: string | null, path: string, why: Reason): void {
    this.skipped.push({ kind: this.kind, index, id, path, reason: why });
  }
}

/** How many records were skipped for one reason at one path, with the first record's id as an example. */
export interface SkipCount {
  kind: RecordKind;
  /** Record indexes folded: `variants.3.price` counts as `variants.*.price`. */
  path: string;
  reason: Reason;
  count: number;
  example: string | null;
}

/** Skipped records counted by kind, folded path and reason. */
export function countReasons(skipped: readonly SkippedRecord[]): SkipCount[] {
  const counts = new Map<string, SkipCount>();
  for (const skip of skipped) {
    const path = skip.path.replace(/(^|\.)\d+(?=\.|$)/g, '$1*');
    const key = JSON.stringify([skip.kind, path, skip.reason.key, skip.reason.args]);
    const count = counts.get(key);
    if (count) count.count += 1;
    else counts.set(key, { kind: skip.kind, path, reason: skip.reason, count: 1, example: skip.id });
  }
  return [...counts.values()];
}

/** A validated feed product as the cache stores it: prices in minor units, its URL key for link matching. */
export function toStoredProduct(product: FeedProduct, sourceId: string): StoredProduct {
  return {
    id: product.id,
    merchantId: product.merchantId,
    title: product.title,
    url: product.url,
    images: product.images,
    brand: product.brand ?? null,
    gtin: validGtin(product.gtin),
    description: product.description,
    updatedAt: product.updatedAt,
    sourceId,
    urlKey: productUrlKey(product.url),
    variants: product.variants.map((variant, index) => {
      const priceMinor = minorOf(variant.price, variant.currency, `variants.${index}.price`);
      const compareAtMinor = variant.compareAtPrice ? minorOf(variant.compareAtPrice, variant.currency, `variants.${index}.compareAtPrice`) : null;
      return {
        id: variant.id,
        title: variant.title,
        priceMinor,
        // A compare-at price at or below the price is no sale: drop it rather than show a fake discount.
        compareAtMinor: compareAtMinor !== null && compareAtMinor > priceMinor ? compareAtMinor : null,
        currency: variant.currency,
        available: variant.available,
        sku: variant.sku ?? null,
        gtin: validGtin(variant.gtin),
        mpn: variant.mpn ?? null,
        image: variant.image ?? null,
      };
    }),
  };
}

/** A GTIN whose check digit holds, as the source wrote it; a wrong one names no item, so it is dropped (the record stays). */
export function validGtin(code: string | null | undefined): string | null {
  return code && normalizeGtin(code) !== null ? code : null;
}

/** A decimal amount in minor units, or a SkipError at `path` saying why not. */
export function minorOf(value: string, currency: string, path: string): number {
  try {
    return parseDecimal(value, currency);
  } catch (error) {
    if (error instanceof UserError) throw new SkipError(path, error.key, error.args);
    throw error;
  }
}
