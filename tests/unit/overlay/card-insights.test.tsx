// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { render } from 'preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDb } from '@/utils/catalog/db';
import { productCard } from '@/utils/catalog/lookups';
import type { CardData, ContentRequest, PostOffer, ResponseMap } from '@/utils/platform/messages';
import { CardContainer } from '@/utils/overlay/card';
import type { Send } from '@/utils/overlay/messenger';
import { importDemoCatalog } from '@/utils/sync/demo';



const SOURCE = { platform: 'instagram', postId: 'C8xYz123abc', url: 'https://www.instagram.com/p/C8xYz123abc/' } as const;
const OFFER: PostOffer = {
  matchId: 'demo-t1',
  reason: 'tag',
  productId: 'acme:1001',
  variantId: '40110010002',
  title: 'Trail Jacket',
  merchantName: 'Acme Outdoor',
  priceMinor: 12900,
  reduction: null,
  currency: 'USD',
  available: true,
  rating: 4.6,
  reviewCount: 212,
  pin: null,
};

/** Cards of the demo catalog as the background computes them. */
const cards = new Map<string, CardData>();
beforeAll(async () => {
  const db = openDb(`card-ui-${Math.random()}`);
  const raw = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../public/demo-catalog.json'), 'utf8')) as unknown;
  await importDemoCatalog(db, 'chrome-extension://abc/demo-catalog.json', async () => raw);
  for (const id of ['acme:1001', 'trailhead:5001']) cards.set(id, (await productCard(db, id, id === 'acme:1001' ? '40110010002' : null))!);
});

function user<E extends Event>(target: EventTarget, event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  target.dispatchEvent(event);
  return event;
}
const click = (el: Element) => user(el, new MouseEvent('click', { bubbles: true, detail: 1 }));

describe('the product card’s insights and same item elsewhere', () => {
  let root: HTMLElement;
  let sent: ContentRequest[];
  const send: Send = async <R extends ContentRequest>(message: R) => {
    sent.push(message);
    const answer = (data: unknown) => data as ResponseMap[R['type']];
    if (message.type === 'get-card') return answer(cards.get(message.productId) ?? null);
    if (message.type === 'add-to-cart') return answer({ cartCount: 1 });
    if (message.type === 'open-ai-summary') return answer(null);
    throw new Error(`unexpected ${message.type}`);
  };
  const buttons = (text: string | RegExp) => [...root.querySelectorAll<HTMLButtonElement>('button')].filter((b) => (typeof text === 'string' ? b.textContent === text : text.test(b.textContent ?? '')));
  const heading = () => root.querySelector('h2')?.textContent;

  beforeEach(() => {
    sent = [];
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
    delete (globalThis as { Summarizer?: unknown }).Summarizer;
  });

  async function open(): Promise<void> {
    render(<CardContainer offer={OFFER} source={SOURCE} send={send} onClose={() => undefined} />, root);
    await vi.waitFor(() => expect(heading()).toBe('Trail Jacket'));
  }

  it('shows each aspect as a chip with its counts that opens its two quotes, and says how the summary was made', async () => {
    await open();
    const value = buttons(/^Value · /)[0]!;
    expect(value.textContent).toBe('Value · 2 of 12 reviews, 2 positive');
    expect(value.getAttribute('aria-expanded')).toBe('false');
    click(value);
    await vi.waitFor(() => expect(value.getAttribute('aria-expanded')).toBe('true'));
    const quotes = root.querySelector(`#${value.getAttribute('aria-controls')}`)!;
    expect([...quotes.querySelectorAll('q')].map((q) => q.textContent)).toEqual(['Worth it on sale', 'Great value']);
    // Another chip closes the first.
    click(buttons(/^Comfort · /)[0]!);
    await vi.waitFor(() => expect(value.getAttribute('aria-expanded')).toBe('false'));
    expect(root.textContent).toContain('From 12 of 212 reviews, on this device, by counting mentions.');
  });

  it('words every trust signal, with no score', async () => {
    await open();
    const trust = [...root.querySelectorAll('.trust li')].map((li) => li.textContent);
    expect(trust).toEqual([
      '12 of 212 reviews were read; the source does not say which ones it sent.',
      '10 of 12 reviews are marked as verified purchases.',
      '1 of 5 reviews say the reviewer got something for writing it.',
      '3 reviews were asked for after delivery, 2 were written unasked.',
      'No near-copies among the 12 reviews long enough to compare.',
      expect.stringMatching(/^No bursts: reviews arrive at about [\d.]+ a week\.$/),
      '92% of ratings are 4 or 5 stars.',
    ]);
  });

  it('offers the same item at Trailhead, opens its card in place, adds it to the cart from there with the post as source, and goes back', async () => {
    await open();
    const offer = root.querySelector('[data-tier="same"]')!;
    expect(offer.textContent).toContain('Same item');
    expect(offer.textContent).toContain('$119.00 at Trailhead Supply Co.');
    expect(offer.textContent).toContain('Save $10.00 (7.8%)');
    expect(offer.textContent).toContain('Shipping not included');
    click(buttons('View at Trailhead Supply Co.')[0]!);
    await vi.waitFor(() => expect(heading()).toBe('Acme Trail Jacket'));
    click(buttons('Add to cart')[0]!);
    await vi.waitFor(() => expect(sent.find((m) => m.type === 'add-to-cart')).toMatchObject({ productId: 'trailhead:5001', variantId: '40550010001', source: SOURCE }));
    click(buttons('Back')[0]!);
    await vi.waitFor(() => expect(heading()).toBe('Trail Jacket'));
    expect(root.querySelector('.why')?.textContent).toBe('Tagged by the seller on this post');
  });

  it('offers the on-device AI summary only where Chrome says its Summarizer can run for the reviews’ language', async () => {
    await open();
    expect(buttons('Summarize with on-device AI')).toHaveLength(0);
    render(null, root);

    const availability = vi.fn(async () => 'unavailable');
    (globalThis as { Summarizer?: unknown }).Summarizer = { availability };
    await open();
    await vi.waitFor(() => expect(availability).toHaveBeenCalledWith(expect.objectContaining({ expectedInputLanguages: ['en'] })));
    expect(buttons('Summarize with on-device AI')).toHaveLength(0);
    render(null, root);

    (globalThis as { Summarizer?: unknown }).Summarizer = { availability: async () => 'downloadable' };
    await open();
    await vi.waitFor(() => expect(buttons('Summarize with on-device AI')).toHaveLength(1));
    expect(root.textContent).toContain('Chrome will first download its on-device model');
    render(null, root);

    (globalThis as { Summarizer?: unknown }).Summarizer = { availability: async () => 'available' };
    await open();
    await vi.waitFor(() => expect(buttons('Summarize with on-device AI')).toHaveLength(1));
    expect(root.textContent).not.toContain('Chrome will first download');
    // A page's synthetic click opens nothing; the shopper's does.
    buttons('Summarize with on-device AI')[0]!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(sent.some((m) => m.type === 'open-ai-summary')).toBe(false);
    click(buttons('Summarize with on-device AI')[0]!);
    expect(sent.find((m) => m.type === 'open-ai-summary')).toEqual({ type: 'open-ai-summary', productId: 'acme:1001', trusted: true });
  });

  it('shows no AI button when asking Chrome fails (a page’s permissions policy)', async () => {
    const availability = vi.fn(async () => Promise.reject(new DOMException('blocked', 'NotAllowedError')));
    (globalThis as { Summarizer?: unknown }).Summarizer = { availability };
    await open();
    await vi.waitFor(() => expect(availability).toHaveBeenCalled());
    await Promise.resolve();
    expect(buttons('Summarize with on-device AI')).toHaveLength(0);
  });
});
