/**
 * Sync deadlines (issue 12): a whole-catalog file that arrives slowly but steadily is read whole,
 * while a feed that sends its headers and then stalls fails after the idle timeout, whatever kind
 * of source it is. Timers are faked (only setTimeout and the clock), so minutes pass in no time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_TOTAL_TIMEOUT_MS, HttpError, readText } from '@/utils/platform/http';
import { SNAPSHOT_BODY } from '@/utils/sync/puller';

/** A body of `chunks` pieces, one every `everyMs`; with `stallAfter`, nothing more after that many. */
function trickle(chunks: number, everyMs: number, stallAfter = Infinity): Response {
  let sent = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    cancel() {
      cancelled = true;
    },
    pull(controller) {
      if (sent >= stallAfter) return new Promise(() => undefined);
      return new Promise<void>((resolve) =>
        setTimeout(() => {
          if (cancelled) return resolve();
          sent += 1;
          controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
          if (sent === chunks) controller.close();
          resolve();
        }, everyMs),
      );
    },
  });
  return new Response(body);
}

async function settle<T>(promise: Promise<T>, ms: number): Promise<T | HttpError> {
  const caught = promise.catch((error: unknown) => error as HttpError);
  await vi.advanceTimersByTimeAsync(ms);
  return caught;
}

describe('sync deadlines', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads a big Merchant Center file that takes five minutes to arrive steadily', async () => {
    // 300 chunks, one a second: longer than a feed page may take, well within a whole file's deadline.
    expect(5 * 60_000).toBeGreaterThan(DEFAULT_TOTAL_TIMEOUT_MS);
    const text = await settle(readText(trickle(300, 1000), 'https://shop.example/feed.tsv', SNAPSHOT_BODY), 6 * 60_000);
    expect(typeof text === 'string' ? text.length : text).toBe(300 * 1024);
  });

  it('gives a feed page two minutes in all', async () => {
    const error = await settle(readText(trickle(300, 1000), 'https://feeds.example/v1/feed'), 6 * 60_000);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).key).toBe('errHttpStalled');
  });

  it('fails a whole-catalog file that stops sending after its headers within the idle timeout, not the file deadline', async () => {
    const started = Date.now();
    const reading = readText(trickle(300, 1000, 3), 'https://shop.example/feed.tsv', SNAPSHOT_BODY).catch((error: unknown) => ({ error, at: Date.now() }));
    await vi.advanceTimersByTimeAsync(60_000);
    const outcome = (await reading) as { error: HttpError; at: number };
    expect(outcome.error.key).toBe('errHttpStalled');
    expect(outcome.at - started).toBe(3000 + DEFAULT_IDLE_TIMEOUT_MS);
  });
});
