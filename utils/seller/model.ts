/**
 * What the seller side keeps and shows: the public view of a source (without its token), tag
 * conflicts, publish results, and the catalog server's answers (validated, never trusted).
 */
import { z } from 'zod';
import { ReasonSchema } from '../platform/reason';
import { feedSchemas, Id, OutboxEntry, OutboxTag } from '../catalog/model';
import { SourceState } from '../sync/source';

// ---------------------------------------------------------------- what extension pages see

/** A source as the options page sees it: the seller connection without its token. */
export const SourceView = SourceState.omit({ seller: true }).extend({
  seller: z.object({ merchantId: Id, merchantName: z.string(), connectedAt: z.number().int() }).nullable(),
  /** Names of the merchants the source's records brought, for naming it (list-sources fills them in). */
  merchantNames: z.array(z.string()).optional(),
});
export type SourceView = z.infer<typeof SourceView>;

/** Drops the token: the only way a source row leaves the background. */
export function sourceView(source: SourceState): SourceView {
  const { seller, ...rest } = source;
  return { ...rest, seller: seller ? { merchantId: seller.merchantId, merchantName: seller.merchantName, connectedAt: seller.connectedAt } : null };
}

/** A tag as the catalog server holds it (with its version), or null when it is deleted there. */
const wire = feedSchemas();
export const ServerTag = wire.FeedTag.extend({ version: z.number().int().min(0) });
export type ServerTag = z.infer<typeof ServerTag>;

/**
 * A seller edit that did not make it: the server had a newer version (`conflict`, the server's
 * version won and replaced the local tag) or refused the edit (`refused`, e.g. a product of
 * another merchant). Kept with both sides until the seller dismisses it.
 */
export const TagConflict = z.object({
  tagId: Id,
  at: z.number().int(),
  sourceId: Id,
  kind: z.enum(['conflict', 'refused']),
  mine: z.object({ op: OutboxEntry.shape.op, tag: OutboxTag }),
  theirs: ServerTag.nullable(),
  /** Why the server refused the edit (refused only). */
  reason: ReasonSchema.nullable(),
});
export type TagConflict = z.infer<typeof TagConflict>;

/** One publish run against one source, for the options page. */
export const PublishRun = z.object({
  at: z.number().int(),
  published: z.number().int().min(0),
  conflicts: z.number().int().min(0),
  refused: z.number().int().min(0),
  /** Why the run stopped (network, server error, rejected token); null when it went through. */
  error: ReasonSchema.nullable(),
});
export type PublishRun = z.infer<typeof PublishRun>;

/** Per-source publishing bookkeeping (meta row): the last run and the backoff after failures. */
export const PublishState = z.object({
  lastRun: PublishRun.nullable().default(null),
  failures: z.number().int().min(0).default(0),
  nextAttemptAt: z.number().int().nullable().default(null),
});
export type PublishState = z.infer<typeof PublishState>;

export const SellerStatus = z.object({
  /** Tag changes in the outbox. */
  pending: z.number().int().min(0),
  /** Of those, the ones whose product's source has no seller connection. */
  waiting: z.number().int().min(0),
  /** The last error of each pending change's tag, for the changes that have one. */
  errors: z.array(z.object({ tagId: Id, error: ReasonSchema })),
  runs: z.array(z.object({ sourceId: Id, label: z.string(), run: PublishRun })),
  conflicts: z.array(TagConflict),
  /** Product titles of the conflicts' tags, by product id, for people to recognise them. */
  titles: z.record(z.string(), z.string()),
});
export type SellerStatus = z.infer<typeof SellerStatus>;

// ---------------------------------------------------------------- catalog server answers

export const SellerIdentity = z.object({ merchantId: Id, merchantName: z.string().trim().min(1).max(300) });
export type SellerIdentity = z.infer<typeof SellerIdentity>;

/** `POST /v1/pairing/redeem` answered: a new token of the code's merchant (kept in the background only). */
export const PairingAnswer = SellerIdentity.extend({ token: z.string().min(1).max(500), tokenId: z.string().max(200).optional() });
export type PairingAnswer = z.infer<typeof PairingAnswer>;

/** Why the server refused a pairing code: `malformed-code`, `invalid-code` or `locked` (after too many wrong ones). */
export const PairingRefusal = z.object({
  details: z.object({ reason: z.string().max(100), retryAfterSeconds: z.number().int().min(0).max(86_400).optional() }),
});

export const TagOpResult = z.object({
  index: z.number().int().min(0),
  op: z.enum(['upsert', 'delete']),
  id: Id,
  version: z.number().int().min(0).nullable(),
  changed: z.boolean(),
  conflict: z.boolean().default(false),
  current: ServerTag.nullable().optional(),
});
export type TagOpResult = z.infer<typeof TagOpResult>;

export const TagWriteResponse = z.object({ merchantId: Id, results: z.array(TagOpResult) });
export type TagWriteResponse = z.infer<typeof TagWriteResponse>;

/** The `{ error, details }` of a refused write; details point at op indexes when the server knows them. */
export const ServerProblem = z.object({
  error: z.string().max(2000),
  details: z.array(z.object({ index: z.number().int().min(0).optional(), message: z.string().max(2000) }).loose()).optional().catch(undefined),
});
export type ServerProblem = z.infer<typeof ServerProblem>;
