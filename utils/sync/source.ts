/**
 * Catalog sources: what a user adds in the options page (config) and what the sync engine keeps
 * about each (state), both as zod schemas since they cross storage and message boundaries.
 */
import { z } from 'zod';
import { CurrencyCode, Id } from '../catalog/model';
import { ReasonSchema } from '../platform/reason';
import { isSourceUrl } from '../platform/urls';
import { RECORD_KINDS } from './records';

export const SOURCE_KINDS = ['postcart', 'shopify', 'merchant-feed', 'reviews-feed'] as const;
export const SourceKind = z.enum(SOURCE_KINDS);
export type SourceKind = z.infer<typeof SourceKind>;

/** https anywhere; plain http only to this machine (a catalog server under development). */
export const SourceUrl = z.string().max(2048).refine(isSourceUrl, 'errSourceUrl');

const SourceFields = z.object({
    id: Id,
    kind: SourceKind,
    url: SourceUrl,
    label: z.string().trim().max(100).default(''),
    /** Shopify's products.json has no currency field: the store's currency is given when adding it. */
    currency: CurrencyCode.nullable().default(null),
    /** The merchant a shopify or merchant-feed source sells for (Postcart feeds name their own). */
    merchant: z.object({ id: Id, name: z.string().trim().min(1).max(200) }).nullable().default(null),
});

function kindNeeds(source: { kind: SourceKind; currency: string | null; merchant: unknown }, ctx: z.RefinementCtx): void {
  if (source.kind === 'shopify' && !source.currency) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'errSourceCurrency' });
  if ((source.kind === 'shopify' || source.kind === 'merchant-feed') && !source.merchant) {
    ctx.addIssue({ code: 'custom', path: ['merchant'], message: 'errSourceMerchant' });
  }
}

export const SourceConfig = SourceFields.superRefine(kindNeeds);
export type SourceConfig = z.infer<typeof SourceConfig>;

/** What the options page sends to add a source; the background gives it its id. */
export const NewSource = SourceFields.omit({ id: true }).superRefine(kindNeeds);
export type NewSource = z.infer<typeof NewSource>;

/** Skipped records of a run counted by kind, field path and reason (sync/records.ts `countReasons`). */
export const SkipCountSchema = z.object({
  kind: z.enum(RECORD_KINDS),
  path: z.string().max(300),
  reason: ReasonSchema,
  count: z.number().int().min(1),
  example: z.string().max(300).nullable(),
});

export const SourceRun = z.object({
  at: z.number().int(),
  applied: z.number().int(),
  skipped: z.number().int(),
  // Rows of older versions counted reasons by their English text: those read as none.
  reasons: z.preprocess((value) => (Array.isArray(value) ? value : []), z.array(SkipCountSchema)),
  bytes: z.number().int().default(0),
  ok: z.boolean().default(true),
  note: ReasonSchema.nullable().default(null),
});
export type SourceRun = z.infer<typeof SourceRun>;

export const SourceState = z.object({
  id: Id,
  kind: SourceKind,
  url: z.string(),
  label: z.string().default(''),
  currency: CurrencyCode.nullable().default(null),
  merchant: z.object({ id: Id, name: z.string() }).nullable().default(null),
  /** Where the next batch starts (feed cursor, Shopify page); committed with each batch. */
  cursor: z.string().nullable().default(null),
  etag: z.string().nullable().default(null),
  status: z.enum(['idle', 'syncing', 'error']).default('idle'),
  progress: z.object({ done: z.number().int(), total: z.number().int().nullable() }).nullable().default(null),
  lastRun: SourceRun.nullable().default(null),
  error: ReasonSchema.nullable().default(null),
  failures: z.number().int().default(0),
  nextAttemptAt: z.number().int().nullable().default(null),
  /**
   * Sources that own records this one also sent (refused, sync/ownership.ts). When one of them is
   * removed, this source syncs again from the start to bring those records in.
   */
  refusedBy: z.array(Id).max(100).default([]),
  /**
   * The seller's connection to this (postcart) source: the bearer token for its writes and stats,
   * and the merchant the server says it belongs to. Kept in the extension's IndexedDB, which no
   * content script or page can open; never sent to a content script.
   */
  seller: z
    .object({ token: z.string().min(1).max(500), merchantId: Id, merchantName: z.string(), connectedAt: z.number().int() })
    .nullable()
    .default(null),
});
export type SourceState = z.infer<typeof SourceState>;

/** A fresh state for a source that has never synced. */
export function newSourceState(config: z.input<typeof SourceConfig> | Pick<SourceState, 'id' | 'kind' | 'url'>): SourceState {
  return SourceState.parse(config);
}
