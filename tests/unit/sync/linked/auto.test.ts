import { describe, expect, it } from 'vitest';
import { AutoLookupQueue, perMinuteBucket, TokenBucket } from '@/utils/sync/linked/auto';
import { classifyProductUrl, type ProductLink } from '@/utils/sync/linked/product-url';

/** A clock and a timer list the test moves by hand. */
function manualTime() {
  let now = 0;
  let timers: { at: number; run: () => void }[] = [];
  return {
    now: () => now,
    schedule: (run: () => void, ms: number) => {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return () => {
        timers = timers.filter((other) => other !== timer);
      };
    },
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const next = timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        timers = timers.filter((timer) => timer !== next);
        now = next.at;
        next.run();
        await settle();
      }
      now = until;
      await settle();
    },
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

function product(n: number): ProductLink {
  const link = classifyProductUrl(`https://shop${n % 3}.example/products/item-${n}`);
  if (!link) throw new Error('not a product link');
  return link;
}

describe('TokenBucket', () => {
  it('gives its capacity at once, then refills continuously at its rate', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 6, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
    expect(bucket.msUntilToken()).toBe(10_000);
    now = 9_999;
    expect(bucket.take()).toBe(false);
    now = 10_000;
    expect(bucket.take()).toBe(true);
    now = 1_000_000;
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
    bucket.refund();
    expect(bucket.take()).toBe(true);
    expect(() => new TokenBucket(0, 5, () => now)).toThrow(RangeError);
  });

  it('as configured for the automatic mode, never lets more than N through in any minute', () => {
    for (const limit of [2, 5, 10, 30, 60]) {
      let now = 0;
      const bucket = perMinuteBucket(limit, () => now);
      const starts: number[] = [];
      for (; now < 10 * 60_000; now += 250) if (bucket.take()) starts.push(now);
      const worst = Math.max(...starts.map((start) => starts.filter((other) => other >= start && other < start + 60_000).length));
      expect(worst, `N = ${limit}`).toBeLessThanOrEqual(limit);
      // It keeps a burst of a quarter of N for the first screen, so it sustains N minus that burst.
      const burst = Math.max(1, Math.floor(limit / 4));
      expect(starts.length, `N = ${limit}`).toBeGreaterThanOrEqual(Math.max(1, limit - burst) * 10);
    }
  });
});

describe('AutoLookupQueue', () => {
  it('looks up products in view at most N a minute, in the order they came into view', async () => {
    const time = manualTime();
    const looked: string[] = [];
    const queue = new AutoLookupQueue({ perMinute: 8, now: time.now, schedule: time.schedule, due: () => true, lookUp: async (link) => void looked.push(link.key), concurrency: 10 });
    for (let n = 0; n < 12; n += 1) queue.inView(product(n));
    await settle();
    // Burst of 2 (a quarter of N), then 6 a minute.
    expect(looked).toEqual([product(0).key, product(1).key]);
    await time.advance(60_000);
    expect(looked).toHaveLength(8);
    expect(looked.slice(2, 4)).toEqual([product(2).key, product(3).key]);
    await time.advance(60_000);
    expect(looked).toHaveLength(12);
    expect(queue.pending).toBe(0);
  });

  it('never looks up a product whose posts all left the view before its turn', async () => {
    const time = manualTime();
    const looked: string[] = [];
    const queue = new AutoLookupQueue({ perMinute: 4, now: time.now, schedule: time.schedule, due: () => true, lookUp: async (link) => void looked.push(link.key) });
    const [a, b, c] = [product(0), product(1), product(2)];
    queue.inView(a);
    queue.inView(b);
    queue.inView(c);
    queue.inView(c); // a second post showing the same product
    queue.outOfView(b.key);
    queue.outOfView(c.key); // one of c's two posts left; the other is still in view
    await time.advance(5 * 60_000);
    expect(looked).toEqual([a.key, c.key]);
  });

  it('looks each product up once per page view, and spends no request on products the cache knows', async () => {
    const time = manualTime();
    const looked: string[] = [];
    const fresh = product(1);
    const queue = new AutoLookupQueue({ perMinute: 4, now: time.now, schedule: time.schedule, due: (link) => link.key !== fresh.key, lookUp: async (link) => void looked.push(link.key) });
    queue.inView(fresh);
    queue.inView(product(0));
    queue.inView(product(0));
    await settle();
    await time.advance(60_000);
    queue.inView(product(0));
    await time.advance(60_000);
    expect(looked).toEqual([product(0).key]);
    queue.clear();
    queue.inView(product(0));
    await time.advance(60_000);
    expect(looked).toEqual([product(0).key, product(0).key]);
  });

  it('runs few lookups at once and moves on after a failing one', async () => {
    const time = manualTime();
    let running = 0;
    let most = 0;
    const done: string[] = [];
    const queue = new AutoLookupQueue({
      perMinute: 60,
      now: time.now,
      schedule: time.schedule,
      due: () => true,
      concurrency: 2,
      lookUp: async (link) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        if (link.key === product(1).key) throw new Error('shop down');
        done.push(link.key);
      },
    });
    for (let n = 0; n < 6; n += 1) queue.inView(product(n));
    for (let i = 0; i < 20 && done.length < 5; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      await time.advance(5_000);
    }
    expect(most).toBeLessThanOrEqual(2);
    expect(done).toHaveLength(5);
  });

  it('starts nothing once stopped', async () => {
    const time = manualTime();
    const looked: string[] = [];
    const queue = new AutoLookupQueue({ perMinute: 4, now: time.now, schedule: time.schedule, due: () => true, lookUp: async (link) => void looked.push(link.key) });
    queue.stop();
    queue.inView(product(0));
    await time.advance(60_000);
    expect(looked).toEqual([]);
  });
});
