/**
 * The anonymous shopping events as they cross boundaries: reported by overlays, queued in
 * IndexedDB, sent to catalog servers. Kept apart from utils/analytics.ts so the message schemas
 * (imported by the popup and options pages) do not pull in the sending side.
 */
import { z } from 'zod';
import { CurrencyCode, DecimalString, Id, IsoDateTime, Platform } from '../catalog/model';
import { MAX_QUANTITY } from '../platform/limits';

/** At most this many events per request to a server. */
export const MAX_EVENTS_PER_BATCH = 500;
/** A queue this long is flushed right away instead of at the next alarm. */
export const FLUSH_THRESHOLD = 50;
/** The queue never grows past this; the oldest events go first. */
export const MAX_QUEUED_EVENTS = 5000;

export const EVENT_TYPES = ['impression', 'card-open', 'add-to-cart', 'checkout'] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

/** What an overlay reports (content scripts are untrusted: the background prices and stamps it). */
export const ReportedEvent = z.object({
  type: z.enum(['impression', 'card-open', 'add-to-cart']),
  platform: Platform,
  postId: Id,
  productId: Id,
  postUrl: z.string().max(2048).optional(),
  /** For add-to-cart: how many were added. */
  quantity: z.number().int().min(1).max(MAX_QUANTITY).optional(),
});
export type ReportedEvent = z.infer<typeof ReportedEvent>;

/** One event as `POST /v1/events` takes it. */
export const WireEvent = z.object({
  type: EventType,
  platform: Platform,
  postId: Id,
  productId: Id,
  postUrl: z.string().max(2048).optional(),
  at: IsoDateTime,
  quantity: z.number().int().min(1).max(999).optional(),
  /** Checkout only: the line total, exact. */
  value: z.object({ amount: DecimalString, currency: CurrencyCode }).optional(),
});
export type WireEvent = z.infer<typeof WireEvent>;

/** A queued event: where it goes and, once a send was tried, the batch it belongs to. */
export const QueuedEvent = z.object({
  id: z.number().int().optional(),
  at: z.number().int(),
  sourceId: Id,
  /** Assigned before the first send and kept, so a retry resends the same batch id (the server dedupes by it). */
  batchId: z.string().nullable(),
  event: WireEvent,
});
export type QueuedEvent = z.infer<typeof QueuedEvent>;
