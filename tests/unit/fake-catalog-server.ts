/**
 * An in-memory stand-in for the catalog server's seller API (`GET /v1/seller`, `POST /v1/tags`,
 * `POST /v1/events`, `POST /v1/pairing/redeem`) behind a fetch function, following the contract of
 * server/writes.ts and server/pairing.ts: tag versions, tombstones, conflicts against
 * `baseVersion`, 401 for unknown tokens, single-use pairing codes locked after a few wrong ones.
 */
import type { FeedTag } from '@/utils/catalog/model';

export interface FakeServerTag extends FeedTag {
  version: number;
}

export interface RecordedRequest {
  url: string;
  method: string;
  authorization: string | null;
  body: unknown;
}

export type Mode = 'up' | 'down' | 'error';

export class FakeCatalogServer {
  /** token -> merchant */
  readonly tokens = new Map<string, { merchantId: string; merchantName: string }>();
  readonly tags = new Map<string, FakeServerTag>();
  readonly tombstones = new Map<string, number>();
  readonly requests: RecordedRequest[] = [];
  /** batch ids counted, and the events they brought */
  readonly batches = new Map<string, unknown[]>();
  mode: Mode = 'up';
  seq = 100;
  /** Runs while a request is being answered (to change the local database "meanwhile"). */
  during: ((request: RecordedRequest) => Promise<void>) | null = null;
  /** Op indexes to refuse in the next tags request, with the reason. */
  refuse = new Map<number, string>();
  /** The next request is handled but its answer is lost on the way back (a network cut). */
  loseNextAnswer = false;
  /** Unredeemed pairing codes (stored form, "ABCD2345") -> merchant. */
  readonly pairingCodes = new Map<string, { merchantId: string; merchantName: string }>();
  /** Wrong codes so far; from `pairingLockAfter` on, redeeming is refused (429, reason "locked"). */
  wrongCodes = 0;
  pairingLockAfter = 5;
  /** Answer 404 to pairing, like a server from before pairing. */
  pairingMissing = false;

  constructor(readonly origin = 'https://cat.example') {}

  /** Writes a tag as another device would, bumping the version. */
  serverWrite(tag: FeedTag): FakeServerTag {
    const stored = { ...tag, version: ++this.seq };
    this.tags.set(tag.id, stored);
    this.tombstones.delete(tag.id);
    return stored;
  }

  serverDelete(id: string): number {
    this.tags.delete(id);
    const version = ++this.seq;
    this.tombstones.set(id, version);
    return version;
  }

  tagRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.url.endsWith('/v1/tags'));
  }

  readonly fetch = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const response = await this.answer(url, init);
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new TypeError('Failed to fetch');
    }
    return response;
  };

  private async answer(url: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    const request: RecordedRequest = {
      url,
      method: init.method ?? 'GET',
      authorization: headers.get('authorization'),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : null,
    };
    this.requests.push(request);
    if (this.mode === 'down') throw new TypeError('Failed to fetch');
    if (this.during) await this.during(request);
    if (this.mode === 'error') return json(503, { error: 'unavailable' });
    const { origin, pathname } = new URL(url);
    if (origin !== this.origin) throw new TypeError('Failed to fetch');
    if (pathname.endsWith('/v1/events')) return this.events(request);
    if (pathname.endsWith('/v1/pairing/redeem')) return this.pairingMissing ? json(404, { error: 'not found' }) : this.redeem(request.body as { code: string; device?: string });
    const seller = this.tokens.get((request.authorization ?? '').replace(/^Bearer /, ''));
    if (!seller) return json(401, { error: 'unknown seller token' });
    if (pathname.endsWith('/v1/seller') && request.method === 'GET') return json(200, seller);
    if (pathname.endsWith('/v1/tags') && request.method === 'POST') return this.writeTags(seller.merchantId, request.body as { ops: Op[] });
    return json(404, { error: 'not found' });
  }

  private writeTags(merchantId: string, body: { ops: Op[] }): Response {
    if (this.refuse.size > 0) {
      const details = [...this.refuse].map(([index, message]) => ({ index, message }));
      this.refuse.clear();
      return json(403, { error: "records of another merchant can't be written with this token; nothing was written", details });
    }
    const results = body.ops.map((op, index) => {
      const existing = this.tags.get(op.tag.id);
      const current = existing ? existing.version : (this.tombstones.get(op.tag.id) ?? null);
      const unchanged = op.op === 'delete' ? !existing : existing !== undefined && same(existing, op.tag as FeedTag);
      if (current !== null && (op.baseVersion === null || current > op.baseVersion) && !unchanged) {
        return { index, op: op.op, id: op.tag.id, version: current, changed: false, conflict: true, current: existing ?? null };
      }
      if (op.op === 'delete') {
        if (!existing) return { index, op: op.op, id: op.tag.id, version: this.tombstones.get(op.tag.id) ?? null, changed: false, conflict: false };
        return { index, op: op.op, id: op.tag.id, version: this.serverDelete(op.tag.id), changed: true, conflict: false };
      }
      if (unchanged) return { index, op: op.op, id: op.tag.id, version: existing!.version, changed: false, conflict: false };
      return { index, op: op.op, id: op.tag.id, version: this.serverWrite(op.tag as FeedTag).version, changed: true, conflict: false };
    });
    void merchantId;
    return json(200, { merchantId, results });
  }

  private redeem(body: { code: string; device?: string }): Response {
    if (this.wrongCodes >= this.pairingLockAfter) return json(429, { error: 'too many wrong pairing codes', details: { reason: 'locked', retryAfterSeconds: 600 } });
    const code = body.code.replace(/[\s-]/g, '').toUpperCase();
    if (!/^[23456789A-HJKMNP-Z]{8}$/.test(code)) return json(400, { error: 'a pairing code is 8 letters and digits', details: { reason: 'malformed-code' } });
    const merchant = this.pairingCodes.get(code);
    if (!merchant) {
      this.wrongCodes += 1;
      return json(400, { error: 'this pairing code is not valid', details: { reason: 'invalid-code' } });
    }
    this.pairingCodes.delete(code);
    const token = `pct_paired_${++this.seq}`;
    this.tokens.set(token, merchant);
    return json(201, { token, tokenId: `tok-${this.seq}`, ...merchant });
  }

  private events(request: RecordedRequest): Response {
    const body = request.body as { batchId: string; events: unknown[] };
    if (this.batches.has(body.batchId)) return json(200, { accepted: body.events.length, skipped: 0, duplicate: true });
    this.batches.set(body.batchId, body.events);
    return json(200, { accepted: body.events.length, skipped: 0, duplicate: false });
  }
}

interface Op {
  op: 'upsert' | 'delete';
  tag: { id: string } & Partial<FeedTag>;
  baseVersion: number | null;
}

function same(a: FeedTag, b: FeedTag): boolean {
  return a.platform === b.platform && a.postId === b.postId && a.productId === b.productId && (a.variantId ?? null) === (b.variantId ?? null) && a.x === b.x && a.y === b.y && a.updatedAt === b.updatedAt;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
