import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { parseMerchantFeed, parseMerchantPrice, parseTsv } from '@/utils/sync/sources/merchant-feed';
import { newSourceState } from '@/utils/sync/source';
import { decodeXmlEntities, parseXml } from '@/utils/sync/xml';
import { applyFeed } from '@/utils/sync/apply';
import { FeedError } from '@/utils/sync/records';
import { because, skipLine, userError } from '../fixtures';

const fixture = (name: string): string => readFileSync(new URL(`../../feeds/${name}`, import.meta.url), 'utf8');
const NOW = Date.parse('2026-11-20T12:00:00Z');
const TSV_OPTS = { sourceId: 'tidewater', merchant: { id: 'tidewater', name: 'Tidewater Knits' }, now: NOW };
const XML_OPTS = { sourceId: 'saltstone', merchant: { id: 'saltstone', name: 'Salt & Stone Ceramics' }, now: NOW };

const HEADER = 'id\ttitle\tlink\tavailability\tprice\tsale_price\titem_group_id\tsize';
const tsv = (...rows: string[]) => [HEADER, ...rows].join('\n');
const row = (id: string, price: string, extra: Partial<{ sale: string; group: string; size: string; availability: string; link: string; title: string }> = {}) =>
  [id, extra.title ?? 'Fisherman Rib Beanie', extra.link ?? 'https://tidewaterknits.example/products/beanie', extra.availability ?? 'in stock', price, extra.sale ?? '', extra.group ?? '', extra.size ?? ''].join('\t');

describe('the Merchant Center feed parser, tab-separated', () => {
  it('groups rows by item_group_id into one product with a variant per row', () => {
    const feed = parseMerchantFeed(fixture('merchant-feed.tsv'), TSV_OPTS);
    expect(feed.products.map((p) => p.id)).toEqual(['tidewater:TWK-MCS', 'tidewater:TWK-SCARF-HB', 'tidewater:TWK-SOCK-3P', 'tidewater:TWK-CARD-GRY']);
    const sweater = feed.products[0]!;
    expect(sweater).toMatchObject({
      merchantId: 'tidewater',
      title: 'Merino Crew Sweater',
      url: 'https://www.tidewaterknits.example/products/merino-crew-sweater?variant=NAV-M',
      urlKey: 'tidewaterknits.example/products/merino-crew-sweater',
      brand: 'Tidewater Knits',
      gtin: '0840312200015',
      images: [
        'https://cdn.tidewaterknits.example/img/merino-crew-navy.jpg',
        'https://cdn.tidewaterknits.example/img/merino-crew-navy-detail.jpg',
        'https://cdn.tidewaterknits.example/img/merino-crew-navy-worn.jpg',
        'https://cdn.tidewaterknits.example/img/merino-crew-oatmeal.jpg',
      ],
      updatedAt: '2026-11-20T12:00:00.000Z',
      sourceId: 'tidewater',
    });
    expect(sweater.variants).toEqual([
      // Each variant keeps its own GTIN and picture.
      { id: 'TWK-MCS-NAV-M', title: 'M / Navy', priceMinor: 6900, compareAtMinor: 8900, currency: 'USD', available: true, sku: 'TWK-MCS-NAV-M', gtin: '0840312200015', mpn: null, image: 'https://cdn.tidewaterknits.example/img/merino-crew-navy.jpg' },
      { id: 'TWK-MCS-NAV-L', title: 'L / Navy', priceMinor: 6900, compareAtMinor: 8900, currency: 'USD', available: false, sku: 'TWK-MCS-NAV-L', gtin: '0840312200022', mpn: null, image: 'https://cdn.tidewaterknits.example/img/merino-crew-navy.jpg' },
      { id: 'TWK-MCS-OAT-M', title: 'M / Oatmeal', priceMinor: 8900, compareAtMinor: null, currency: 'USD', available: true, sku: 'TWK-MCS-OAT-M', gtin: '0840312200039', mpn: null, image: 'https://cdn.tidewaterknits.example/img/merino-crew-oatmeal.jpg' },
    ]);
  });

  it('reads quoted fields with tabs, line breaks and doubled quotes, past a BOM and CRLF line ends', () => {
    const feed = parseMerchantFeed(fixture('merchant-feed.tsv'), TSV_OPTS);
    expect(feed.products[0]?.description).toBe('Knitted in Portugal from 100% extra-fine merino. No itch, no pilling.\nHand wash cold, dry flat.');
    const scarf = feed.products[1]!;
    expect(scarf.title).toBe('Herringbone Scarf, 70" Long');
    expect(scarf.description).toBe('Woven on a 1950s loom in Donegal & finished by hand.');
    expect(parseTsv('\uFEFFa\tb\r\n"x\ty"\t"1\r\n2"\r\n\r\nlast\t"say ""hi"""')).toEqual([['\uFEFFa', 'b'], ['x\ty', '1\r\n2'], ['last', 'say "hi"']]);
  });

  it('reads availability in both spellings, preorder and backorder as buyable', () => {
    const feed = parseMerchantFeed(fixture('merchant-feed.tsv'), TSV_OPTS);
    const availability = Object.fromEntries(feed.products.flatMap((p) => p.variants.map((v) => [v.id, v.available])));
    expect(availability).toEqual({
      'TWK-MCS-NAV-M': true, // "in stock"
      'TWK-MCS-NAV-L': false, // "out_of_stock"
      'TWK-MCS-OAT-M': true, // "in_stock"
      'TWK-SCARF-HB': true, // "preorder"
      'TWK-SOCK-3P': true, // "backorder"
      'TWK-CARD-GRY': false, // "out of stock"
    });
  });

  it('uses a sale price below the price only inside its effective dates', () => {
    const feed = parseMerchantFeed(fixture('merchant-feed.tsv'), TSV_OPTS);
    const prices = Object.fromEntries(feed.products.flatMap((p) => p.variants.map((v) => [v.id, [v.priceMinor, v.compareAtMinor]])));
    expect(prices['TWK-CARD-GRY']).toEqual([12900, 14900]);
    expect(prices['TWK-SOCK-3P']).toEqual([2750, null]); // the January sale is over
    const during = parseMerchantFeed(fixture('merchant-feed.tsv'), { ...TSV_OPTS, now: Date.parse('2026-01-15T12:00:00Z') });
    expect(during.products.find((p) => p.id === 'tidewater:TWK-SOCK-3P')?.variants[0]).toMatchObject({ priceMinor: 2200, compareAtMinor: 2750 });
  });

  it('skips a row without id, a malformed price and a duplicate id, each with its reason, and keeps the rest of the group', () => {
    const feed = parseMerchantFeed(fixture('merchant-feed.tsv'), TSV_OPTS);
    expect(feed.skipped).toEqual([
      { kind: 'products', index: 3, id: null, path: 'id', reason: because('skipMissing') },
      { kind: 'products', index: 4, id: 'TWK-BEAN-RIB', path: 'price', reason: because('skipMerchantPrice', 'USD 15') },
      { kind: 'products', index: 5, id: 'TWK-MCS-NAV-L', path: '', reason: because('skipDuplicateId') },
    ]);
  });

  it('names the merchant after the feed, with the first currency seen and a link checkout', () => {
    const feed = parseMerchantFeed(fixture('merchant-feed.tsv'), TSV_OPTS);
    expect(feed.merchants).toEqual([
      { id: 'tidewater', name: 'Tidewater Knits', url: 'https://www.tidewaterknits.example', currency: 'USD', checkout: { kind: 'link' }, accounts: {}, sourceId: 'tidewater' },
    ]);
    expect(feed).toMatchObject({ hasMore: false, cursor: '', notes: [because('noteGtinsDropped', 1)] });
    // The scarf's GTIN fails its check digit: the GTIN goes, the product stays.
    const scarf = feed.products.find((p) => p.id === 'tidewater:TWK-SCARF-HB');
    expect([scarf?.gtin, scarf?.variants[0]?.gtin]).toEqual([null, null]);
  });

  it('skips a variant whose currency differs from the rest of its product but allows products in other currencies', () => {
    const feed = parseMerchantFeed(
      tsv(
        row('B-1', '25.00 EUR', { group: 'B', size: 'S' }),
        row('B-2', '27.00 GBP', { group: 'B', size: 'M' }),
        row('C-1', '30.00 GBP', { link: 'https://tidewaterknits.example/products/cowl' }),
      ),
      TSV_OPTS,
    );
    expect(feed.products.map((p) => [p.id, p.variants.map((v) => `${v.id} ${v.currency}`)])).toEqual([
      ['tidewater:B', ['B-1 EUR']],
      ['tidewater:C-1', ['C-1 GBP']],
    ]);
    expect(feed.skipped.map((s) => [s.path, s.reason])).toEqual([['price', because('skipCurrencyMismatch', 'GBP', 'EUR')]]);
    expect(feed.merchants[0]?.currency).toBe('EUR');
    expect(feed.notes).toEqual([because('noteSeveralCurrencies', 'EUR, GBP')]);
  });

  it('skips rows with unknown availability, too many decimals, a mismatched sale currency, a non-https link or an unquoted tab', () => {
    const feed = parseMerchantFeed(
      tsv(
        row('A', '15.00 USD', { availability: 'limited availability' }),
        row('B', '15.005 USD'),
        row('C', '15.00 USD', { sale: '12.00 EUR' }),
        row('D', '15.00 USD', { link: 'javascript:alert(1)' }),
        `${row('E', '15.00 USD')}\textra`,
        row('F', '1500 JPY', { sale: '1200.5 JPY' }),
        row('G', '15 usd'),
      ),
      TSV_OPTS,
    );
    expect(feed.products.map((p) => p.variants[0]?.priceMinor)).toEqual([1500]);
    expect(feed.skipped.map(skipLine)).toEqual([
      'A: availability: unknown availability “limited availability”',
      'B: price: "15.005" has more decimals than USD allows',
      'C: sale_price: currency EUR differs from USD',
      'D: link: not a web address',
      'E: the row has 9 fields and the header 8 (an unquoted tab?)',
      'F: sale_price: "1200.5" has more decimals than JPY allows',
    ]);
  });

  it('fails the run cleanly on a cut-off quoted field, an empty file or a file that is no feed', () => {
    expect(() => parseMerchantFeed(`${HEADER}\nA\t"Half a title`, TSV_OPTS)).toThrow(userError('errTsvCutOff'));
    expect(() => parseMerchantFeed('\uFEFF\r\n', TSV_OPTS)).toThrow(FeedError);
    expect(() => parseMerchantFeed('name\tcolour\nMug\tBlue', TSV_OPTS)).toThrow(userError('errNotMerchantTsv'));
    expect(() => parseMerchantFeed('<!DOCTYPE html><html><body>Sign in</body></html>', TSV_OPTS)).toThrow(FeedError);
  });

  it('parses prices only in the "15.00 USD" form', () => {
    expect(parseMerchantPrice('15.00 USD')).toEqual({ amount: '15.00', currency: 'USD', minor: 1500 });
    expect(parseMerchantPrice('3200 JPY')).toEqual({ amount: '3200', currency: 'JPY', minor: 3200 });
    for (const bad of ['USD 15', '15,00 EUR', '-5.00 USD', '$15.00', '15.00', '']) expect(() => parseMerchantPrice(bad)).toThrow();
  });
});

describe('the Merchant Center feed parser, RSS 2.0 XML', () => {
  it('reads g: elements, CDATA and entities into products grouped by item_group_id', () => {
    const feed = parseMerchantFeed(fixture('merchant-feed.xml'), XML_OPTS);
    expect(feed.products.map((p) => p.id)).toEqual(['saltstone:SS-DIN-PLT', 'saltstone:SS-POUR-OVER', 'saltstone:SS-BOWL-RAMEN', 'saltstone:SS-SERVING-BOARD']);
    const plate = feed.products[0]!;
    expect(plate).toMatchObject({
      title: 'Stoneware Dinner Plate, 10.5"',
      brand: 'Salt & Stone',
      gtin: '00850041272016',
      url: 'https://saltandstone.example/products/stoneware-dinner-plate?variant=sage',
      images: [
        'https://saltandstone.example/cdn/plate-sage.jpg',
        'https://saltandstone.example/cdn/plate-sage-stack.jpg',
        'https://saltandstone.example/cdn/plate-sage-table.jpg',
        'https://saltandstone.example/cdn/plate-ash.jpg',
      ],
      description: 'Wheel-thrown and glazed in sage. Dishwasher & microwave safe.\n\n• 10.5" across\n• Lead-free glaze',
    });
    expect(plate.variants).toEqual([
      { id: 'SS-DIN-PLT-SAGE', title: 'Sage', priceMinor: 4200, compareAtMinor: null, currency: 'USD', available: true, sku: 'SS-DIN-PLT-SAGE', gtin: '00850041272016', mpn: null, image: 'https://saltandstone.example/cdn/plate-sage.jpg' },
      { id: 'SS-DIN-PLT-ASH', title: 'Ash', priceMinor: 3600, compareAtMinor: 4200, currency: 'USD', available: false, sku: 'SS-DIN-PLT-ASH', gtin: '00850041272023', mpn: null, image: 'https://saltandstone.example/cdn/plate-ash.jpg' },
    ]);
    expect(feed.products[3]).toMatchObject({ title: 'Walnut & Stoneware Serving Board', variants: [{ priceMinor: 7200, compareAtMinor: null, currency: 'CAD', available: true }] });
    expect(feed.notes).toEqual([because('noteSeveralCurrencies', 'USD, CAD')]);
  });

  it('does not expand the entities a DOCTYPE declares (billion laughs) and leaves them as written', () => {
    const started = performance.now();
    const feed = parseMerchantFeed(fixture('merchant-feed.xml'), XML_OPTS);
    expect(performance.now() - started).toBeLessThan(1000);
    const dripper = feed.products[1]!;
    expect(dripper.title).toBe('Pour-Over Coffee Dripper — Speckled &lol9;');
    expect(dripper.description).toBe('Fits #2 filters. Brews 1–2 cups. &lol9;');
    expect(JSON.stringify(feed)).not.toContain('lollol');
  });

  it('refuses a feed that declares an external entity instead of reading the file it names', () => {
    expect(() => parseMerchantFeed(fixture('merchant-feed-external-entity.xml'), XML_OPTS)).toThrow(FeedError);
    expect(() => parseXml('<!DOCTYPE x [<!ENTITY % pe SYSTEM "https://evil.example/x.dtd"> %pe;]><x>1</x>')).toThrow(FeedError);
  });

  it('skips an item with a javascript: image, and keeps one with an http link, read over https', () => {
    const feed = parseMerchantFeed(fixture('merchant-feed.xml'), XML_OPTS);
    expect(feed.skipped).toEqual([{ kind: 'products', index: 3, id: 'SS-MUG-TALL', path: 'image_link', reason: because('skipNotWebAddress') }]);
    // Google's specification accepts http links; the record stays and its link is opened over https.
    expect(feed.products.find((p) => p.id === 'saltstone:SS-BOWL-RAMEN')?.url).toBe('https://saltandstone.example/products/ramen-bowl');
  });

  it('fails the run cleanly on a truncated file', () => {
    const text = fixture('merchant-feed.xml');
    expect(() => parseMerchantFeed(text.slice(0, text.length / 2), XML_OPTS)).toThrow(FeedError);
    expect(() => parseMerchantFeed(text, { ...XML_OPTS, format: 'tsv' })).toThrow(FeedError);
  });

  it('reads Atom entries with link href attributes too', () => {
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:g="http://base.google.com/ns/1.0">
      <entry><g:id>SS-SPOON</g:id><title>Tasting Spoon</title><link href="https://saltandstone.example/products/tasting-spoon?a=1&amp;b=2"/>
      <g:availability>in stock</g:availability><g:price>12.00 USD</g:price></entry></feed>`;
    const feed = parseMerchantFeed(atom, XML_OPTS);
    expect(feed.products[0]).toMatchObject({ id: 'saltstone:SS-SPOON', url: 'https://saltandstone.example/products/tasting-spoon?a=1&b=2' });
  });

  it('decodes the XML entities and character references once and nothing else', () => {
    expect(decodeXmlEntities('a &amp;lt; b &lt; c &#233;&#xE9; &nbsp; &lol; &#0;')).toBe('a &lt; b < c éé &nbsp; &lol; \uFFFD');
  });
});

describe('applying a Merchant Center feed to the cache', () => {
  let db: PostcartDB;
  beforeEach(async () => {
    db = openDb(`merchant-feed-${Math.random()}`);
    await db.open();
  });

  it('stores the merchant and its products with variants priced in minor units and counts the skipped rows', async () => {
    const source = newSourceState({ id: 'tidewater', kind: 'merchant-feed', url: 'https://tidewaterknits.example/feeds/google.tsv' });
    const feed = parseMerchantFeed(fixture('merchant-feed.tsv'), TSV_OPTS);
    const result = await applyFeed(db, source, feed, NOW, null);
    expect(result.applied).toBe(5);
    expect(await db.merchants.get('tidewater')).toMatchObject({ checkout: { kind: 'link' }, currency: 'USD' });
    const sweater = await db.products.get('tidewater:TWK-MCS');
    expect(sweater?.variants.map((v) => [v.title, v.priceMinor, v.compareAtMinor, v.available])).toEqual([
      ['M / Navy', 6900, 8900, true],
      ['L / Navy', 6900, 8900, false],
      ['M / Oatmeal', 8900, null, true],
    ]);
    expect(await db.products.where('urlKey').equals('tidewaterknits.example/products/merino-crew-sweater').count()).toBe(1);
    expect((await db.sources.get('tidewater'))?.lastRun).toMatchObject({
      applied: 5,
      skipped: 3,
      reasons: [
        { kind: 'products', path: 'id', reason: because('skipMissing'), count: 1, example: null },
        { kind: 'products', path: 'price', reason: because('skipMerchantPrice', 'USD 15'), count: 1, example: 'TWK-BEAN-RIB' },
        { kind: 'products', path: '', reason: because('skipDuplicateId'), count: 1, example: 'TWK-MCS-NAV-L' },
      ],
    });
  });
});
