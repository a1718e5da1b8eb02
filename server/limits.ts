/**
 * How much anonymous clients may ask of the server, and who "a client" is.
 *
 * Anonymous clients have no account, so a client is its network address: the socket's peer, or,
 * behind a reverse proxy the operator runs (trustProxy), the address that proxy appended last to
 * X-Forwarded-For. IPv6 clients get whole /64 networks (one household or phone gets a /64 and can
 * pick any address in it). Addresses live only in this process's memory, in bounded maps, for as
 * long as their budget is not full again; they are never stored or logged.
 *
 * Budgets are token buckets: `burst` at once, refilled at `perSecond`. Shared addresses (offices,
 * carrier NAT) share a budget; the extension keeps refused events queued and retries later.
 */
import type { IncomingMessage } from 'node:http';
import { isIPv6 } from 'node:net';

export interface Rate {
  /** What a fresh client may spend at once. */
  burst: number;
  /** What it earns back per second. */
  perSecond: number;
}

export interface Limits {
  /** Any request from one address (a flood of reads costs too). */
  requestsPerClient: Rate;
  /** Events one address may post; a batch costs its number of events, valid or not. */
  eventsPerClient: Rate;
  /** Events all clients together may post: past it the server says 503, not the client's fault. */
  eventsGlobal: Rate;
  /** Events accepted but not yet written; past it new batches get 503 (back-pressure). */
  maxQueuedEvents: number;
  /** Orders (anonymous writes of contact data) one address may place, retries included. */
  ordersPerClient: Rate;
  /** Wrong pairing codes one address may try within pairingWindowMs before it is locked out. */
  pairingFailuresPerClient: number;
  /** Wrong pairing codes from everyone together within pairingWindowMs before redeeming stops. */
  pairingFailuresGlobal: number;
  pairingWindowMs: number;
  /** How long a pairing code can be redeemed. */
  pairingCodeTtlMs: number;
  /** Unredeemed codes a merchant may have at once; making one more drops the oldest. */
  pairingCodesPerMerchant: number;
}

/**
 * Defaults for a small deployment (PGlite, one machine). An extension sends at most 500 events a
 * batch and flushes at 50; a shopper scrolling fast sees about one post a second, so 5 events a
 * second with a 2,000 burst lets a queue that was offline catch up in a few batches, while one
 * address can no longer post tens of thousands of fake posts a minute. All clients together get
 * 1,000 events a second (86 million a day): on PGlite every event written holds its one
 * connection a little, and reads must not wait long. On PostgreSQL raise it (createApp `limits`).
 */
export const DEFAULT_LIMITS: Limits = {
  requestsPerClient: { burst: 600, perSecond: 50 },
  eventsPerClient: { burst: 2000, perSecond: 5 },
  eventsGlobal: { burst: 5000, perSecond: 1000 },
  maxQueuedEvents: 5000,
  ordersPerClient: { burst: 60, perSecond: 1 },
  pairingFailuresPerClient: 5,
  pairingFailuresGlobal: 50,
  pairingWindowMs: 15 * 60_000,
  pairingCodeTtlMs: 10 * 60_000,
  pairingCodesPerMerchant: 5,
};

/** The client's address as this server counts it (see the module comment). */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  let address = req.socket.remoteAddress ?? 'unknown';
  if (trustProxy) {
    const forwarded = String(req.headers['x-forwarded-for'] ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
    const last = forwarded[forwarded.length - 1];
    if (last && last.length <= 64) address = last;
  }
  return networkOf(address);
}

/** IPv4 (also IPv4-mapped IPv6) as it is; IPv6 as its /64 network. */
export function networkOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Token buckets per key, in a Map kept in least-recently-used order and cut at `maxKeys`: a bucket
 * pushed out is as good as full again, which only happens to a client that went quiet while more
 * than `maxKeys` others spoke.
 */
export class RateLimiter {
  /** `wanted`: what the last refused request needed, so its retries are refused cheaply until then. */
  private readonly buckets = new Map<string, { tokens: number; at: number; wanted: number }>();

  constructor(
    private readonly rate: Rate,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {
    if (!(rate.burst > 0) || !(rate.perSecond > 0)) throw new Error('a rate needs a positive burst and refill');
  }

  private bucket(key: string): { tokens: number; at: number; wanted: number } {
    const now = this.now();
    const existing = this.buckets.get(key);
    const bucket = existing ?? { tokens: this.rate.burst, at: now, wanted: 0 };
    bucket.tokens = Math.min(this.rate.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.rate.perSecond);
    bucket.at = now;
    // Re-inserted: the Map's order is least recently used first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    return bucket;
  }

  /** Spends `cost` when the bucket holds that much; otherwise spends nothing and says when it will. */
  take(key: string, cost = 1): Admission {
    const bucket = this.bucket(key);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      bucket.wanted = 0;
      return { ok: true };
    }
    bucket.wanted = Math.min(cost, this.rate.burst);
    return { ok: false, retryAfterSeconds: this.wait(bucket.tokens, cost) };
  }

  /** Spends what is there, up to `cost`, without refusing (work already done: a bad batch was parsed). */
  charge(key: string, cost: number): void {
    const bucket = this.bucket(key);
    bucket.tokens = Math.max(0, bucket.tokens - cost);
  }

  /**
   * Whether the bucket holds enough for this key's next request, without spending: at least one
   * token, and as much as its last refused request needed (a client retrying a batch it can't
   * afford yet is refused before its body is read, not after parsing it again).
   */
  check(key: string): Admission {
    const bucket = this.bucket(key);
    const need = Math.max(1, bucket.wanted);
    return bucket.tokens >= need ? { ok: true } : { ok: false, retryAfterSeconds: this.wait(bucket.tokens, need) };
  }

  private wait(tokens: number, cost: number): number {
    return Math.max(1, Math.ceil((Math.min(cost, this.rate.burst) - tokens) / this.rate.perSecond));
  }
}

/**
 * Counts failures in a fixed window per key (pairing codes). Locked once `max` failures fell in the
 * current window; the lock ends with the window.
 */
export class FailureWindow {
  private readonly windows = new Map<string, { start: number; failures: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  private current(key: string): { start: number; failures: number } {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) window = { start: now, failures: 0 };
    this.windows.delete(key);
    this.windows.set(key, window);
    if (this.windows.size > this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
    return window;
  }

  check(key: string): Admission {
    const window = this.current(key);
    if (window.failures < this.max) return { ok: true };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + this.windowMs - this.now()) / 1000)) };
  }

  fail(key: string): void {
    this.current(key).failures += 1;
  }
}
