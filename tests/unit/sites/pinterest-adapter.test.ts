// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { pinIdFromHref, pinterest, usernameFromHref } from '@/utils/sites/pinterest';
import { site as bench } from '../../bench/sites/pinterest';
import type { ReadResult } from '@/utils/sites/types';
import { adapterHarness } from './harness';

const { fixture, parse, at, readAll, posts, post, elementOf, reasons, expectNoNesting, openScripted } = adapterHarness(pinterest, 'https://www.pinterest.com');

const pin = (n: number): string => `8452691000000000${String(n).padStart(2, '0')}`;

const PITCHER = 'https://maisonlune.example/products/ceramic-pitcher?utm_source=pinterest&utm_medium=social';
const HOME_PINS = [pin(1), pin(10), pin(4), pin(11), pin(2), pin(12), pin(5), pin(13), pin(3), pin(14), pin(15)];
const SEARCH_PINS = [pin(5), pin(27), pin(4), pin(28), pin(29), pin(30)];
const BOARD_PINS = [pin(2), pin(20), pin(21), pin(22), pin(23)];

describe('the Pinterest adapter on the home feed', () => {
  const doc = parse(fixture('home.html'));
  const reads = readAll(doc, at('/'));

  it('finds every pin of the grid exactly once, plus the promoted pin and the ideas module', () => {
    const elements = reads.map((r) => r.el);
    expect(elements).toHaveLength(13);
    expect(new Set(elements).size).toBe(13);
    expectNoNesting(elements);
    expect(posts(reads).map((p) => p.postId)).toEqual(HOME_PINS);
    expect(elements.filter((el) => el.getAttribute('data-test-id') === 'pin')).toHaveLength(12);
  });

  it('reads pin id, creator, title and canonical url of each grid pin', () => {
    expect(post(reads, pin(1))).toEqual({
      platform: 'pinterest',
      postId: pin(1),
      url: `https://www.pinterest.com/pin/${pin(1)}/`,
      author: 'acme',
      caption: 'Camp above the tree line, first light',
      links: ['https://acme.example/journal/ridge-camp'],
    });
    expect(post(reads, pin(2))).toMatchObject({ author: 'maisonlune', caption: 'Slow Sunday in the bedroom' });
    expect(post(reads, pin(5))).toMatchObject({ author: 'kumoteaworks', caption: 'Hagi Yunomi Cup in ash glaze', links: [] });
    expect(post(reads, pin(3)).author).toBe('kumoteaworks');
    // A pin without a footer has neither title nor creator.
    expect(post(reads, pin(11))).toMatchObject({ author: null, caption: null, links: [] });
    for (const p of posts(reads)) {
      expect(p.url).toBe(`https://www.pinterest.com/pin/${p.postId}/`);
      expect(p.caption ?? '').not.toMatch(/Save|More actions|pin page/);
    }
  });

  it("collects the pin's outbound link with its query string as written", () => {
    expect(post(reads, pin(4))).toMatchObject({ author: 'linenandloam', links: [PITCHER] });
    expect(post(reads, pin(10)).links).toEqual(['https://fernkitchen.example/recipes/quick-miso-soup?utm_source=pinterest']);
    expect(post(reads, pin(13)).links).toEqual([]);
  });

  it('skips the promoted pin with reason sponsored even though it links a catalog product', () => {
    const ad = reads.find(({ el }) => el.getAttribute('data-test-pin-id') === pin(99));
    expect(ad?.read).toEqual({ ok: false, reason: 'sponsored' });
  });

  it('reports the "Ideas you might love" module as suggested and gives it no mount point', () => {
    const unit = reads.find(({ el }) => el.textContent?.includes('Ideas you might love'));
    expect(unit?.el.getAttribute('data-grid-item')).toBe('true');
    expect(unit?.read).toEqual({ ok: false, reason: 'suggested' });
    expect(unit && pinterest.mountPoint(unit.el)).toBeNull();
    expect(reasons(reads).sort()).toEqual(['sponsored', 'suggested']);
  });

  it('overlays a grid pin on its picture box outside the pin link, and pins on the picture', () => {
    const el = elementOf(reads, pin(1));
    const point = pinterest.mountPoint(el);
    expect(point?.placement).toBe('overlay');
    expect(point?.target.getAttribute('data-test-id')).toBe('pinWrapper');
    expect(point?.target.closest('a')).toBeNull();
    const media = pinterest.mediaElement(el);
    expect(media?.localName).toBe('img');
    expect(media?.getAttribute('alt')).toContain('green tent');
    expect(point?.target.contains(media!)).toBe(true);
  });

  it('pins a video pin on its video, not on the creator avatar', () => {
    const el = elementOf(reads, pin(12));
    expect(pinterest.mediaElement(el)?.localName).toBe('video');
    expect(pinterest.mountPoint(el)?.target.closest('a')).toBeNull();
    for (const id of HOME_PINS) expect(pinterest.mediaElement(elementOf(reads, id))?.closest('[data-test-id="gestalt-avatar-svg"]')).toBeNull();
  });

  it('finds the pins in a subtree and in a single pin card passed as the root', () => {
    const card = elementOf(reads, pin(4));
    expect(pinterest.findPosts(card)).toEqual([card]);
    const list = doc.querySelector('[role="list"]')!;
    expect(pinterest.findPosts(list)).toHaveLength(13);
  });
});

describe('the Pinterest adapter on search results', () => {
  const doc = parse(fixture('search.html'));
  const reads = readAll(doc, at('/search/pins/?q=yunomi&rs=typed'));

  it('finds every result once and skips the promoted pin and the related searches', () => {
    expect(reads).toHaveLength(8);
    expectNoNesting(reads.map((r) => r.el));
    expect(posts(reads).map((p) => p.postId)).toEqual(SEARCH_PINS);
    expect(reasons(reads)).toEqual(['sponsored', 'suggested']);
    const ad = reads.find(({ el }) => el.getAttribute('data-test-pin-id') === pin(99));
    expect(ad?.el.textContent).toContain('Promoted by');
  });

  it("unwraps Pinterest's /offsite/ redirect around the outbound link", () => {
    expect(elementOf(reads, pin(4)).querySelector('a[href^="/offsite/"]')).not.toBeNull();
    expect(post(reads, pin(4)).links).toEqual([PITCHER]);
  });

  it('overlays a search result on its picture box and pins on its picture', () => {
    const el = elementOf(reads, pin(5));
    expect(pinterest.mountPoint(el)).toEqual({ target: el.querySelector('[data-test-id="pinWrapper"]'), placement: 'overlay' });
    expect(pinterest.mediaElement(el)?.getAttribute('alt')).toContain('tea cup');
  });

  it("reads the merchant's pin and a shopper's pin naming the same product with their own creators", () => {
    expect(post(reads, pin(5))).toMatchObject({ author: 'kumoteaworks', caption: 'Hagi Yunomi Cup in ash glaze' });
    expect(post(reads, pin(27))).toMatchObject({ author: 'clayandkiln', caption: 'My hagi yunomi cup collection, three years in' });
    expect(post(reads, pin(28))).toMatchObject({ author: 'kumoteaworks', caption: 'Tea room at dusk', links: [] });
  });
});

describe('the Pinterest adapter on a pin close-up', () => {
  const doc = parse(fixture('pin.html'));
  const reads = readAll(doc, at(`/pin/${pin(3)}/`));

  it('reads the close-up and its related pins as separate posts', () => {
    expect(reads).toHaveLength(4);
    expectNoNesting(reads.map((r) => r.el));
    expect(reads[0]?.el.getAttribute('data-test-id')).toBe('closeup-body');
    expect(posts(reads).map((p) => p.postId)).toEqual([pin(3), pin(24), pin(25), pin(26)]);
  });

  it('reads title, description, creator and outbound links of the close-up, not the comments', () => {
    expect(post(reads, pin(3))).toEqual({
      platform: 'pinterest',
      postId: pin(3),
      url: `https://www.pinterest.com/pin/${pin(3)}/`,
      author: 'kumoteaworks',
      caption:
        'Morning matcha, whisked slow\nWarm the bowl, sift, then whisk in a quick M until it foams.\nBrewing guide: https://kumotea.example/journal/matcha-at-home?utm_source=pinterest',
      links: ['https://kumotea.example/journal/matcha-at-home', 'https://kumotea.example/journal/matcha-at-home?utm_source=pinterest'],
    });
    expect(doc.body.textContent).toContain('junpottery.example');
  });

  it('mounts the close-up below its action bar and pins on the main picture', () => {
    const el = elementOf(reads, pin(3));
    const point = pinterest.mountPoint(el);
    expect(point?.placement).toBe('bar');
    expect(point?.target.getAttribute('data-test-id')).toBe('closeupActionBar');
    const media = pinterest.mediaElement(el);
    expect(media?.closest('[data-test-id="closeup-image-main"]')).not.toBeNull();
    expect(pinterest.mountPoint(elementOf(reads, pin(24)))?.placement).toBe('overlay');
  });

  it('falls back to the page URL when the close-up carries no pin id of its own', () => {
    const copy = parse(fixture('pin.html'));
    copy.querySelector('[data-test-id="closeup-image"]')?.removeAttribute('id');
    const body = pinterest.findPosts(copy)[0]!;
    const read = pinterest.readPost(body, at(`/pin/${pin(3)}/?mt=login`));
    expect(read.ok && read.post.postId).toBe(pin(3));
    expect(pinterest.readPost(body, at('/'))).toEqual({ ok: false, reason: 'no-post-id' });
  });

  it('finds a close-up without its body container by climbing from the close-up image', () => {
    const copy = parse(fixture('pin.html'));
    copy.querySelector('[data-test-id="closeup-body"]')?.removeAttribute('data-test-id');
    const found = pinterest.findPosts(copy);
    expect(found).toHaveLength(4);
    expectNoNesting(found);
    const closeup = found[0]!;
    expect(closeup.querySelector('[data-test-id="pin"]')).toBeNull();
    const read = pinterest.readPost(closeup, at(`/pin/${pin(3)}/`));
    expect(read.ok && read.post).toMatchObject({ postId: pin(3), author: 'kumoteaworks' });
    expect(pinterest.mountPoint(closeup)?.target.getAttribute('data-test-id')).toBe('closeupActionBar');
  });

  it('skips a promoted close-up as sponsored', () => {
    const copy = parse(fixture('pin.html'));
    const label = copy.createElement('div');
    label.textContent = 'Promoted by';
    copy.querySelector('[data-test-id="creator-card-profile"]')?.before(label);
    const closeup = pinterest.findPosts(copy)[0]!;
    expect(pinterest.readPost(closeup, at(`/pin/${pin(3)}/`))).toEqual({ ok: false, reason: 'sponsored' });
  });
});

describe('the Pinterest adapter on a board in the 2023–24 markup', () => {
  const doc = parse(fixture('board.html'));
  const reads = readAll(doc, at('/maisonlune/kitchen-table/'));

  it('reads the board pins by their absolute pin links, without creator or title', () => {
    expect(reads).toHaveLength(5);
    expect(doc.querySelector('[aria-label="Pin card"]')).toBeNull();
    expect(posts(reads).map((p) => p.postId)).toEqual(BOARD_PINS);
    for (const p of posts(reads)) expect(p).toMatchObject({ author: null, caption: null, links: [] });
    expect(elementOf(reads, pin(2)).querySelector('a')?.getAttribute('href')).toBe(`https://www.pinterest.com/pin/${pin(2)}/`);
  });

  it('overlays a board pin next to its link, not inside it', () => {
    const el = elementOf(reads, pin(2));
    const point = pinterest.mountPoint(el);
    expect(point?.placement).toBe('overlay');
    expect(point?.target.closest('a')).toBeNull();
    expect(point?.target.firstElementChild?.localName).toBe('a');
    expect(pinterest.mediaElement(el)?.getAttribute('alt')).toContain('linen');
  });

  it('does not take the board owner in the header for a pin', () => {
    expect(reads.some(({ el }) => el.closest('[data-test-id="board-header"]'))).toBe(false);
  });
});

describe('the Pinterest adapter on older and odd markup', () => {
  it('reads grid cells by their pin links when the pin test ids are gone', () => {
    const html = fixture('home.html').replace(/ data-test-id="pin"/g, '').replace(/ data-test-pin-id="\d+"/g, '');
    const doc = parse(html);
    const reads = readAll(doc, at('/'));
    expect(reads).toHaveLength(13);
    expect(reads.every(({ el }) => el.getAttribute('data-grid-item') === 'true')).toBe(true);
    expect(posts(reads).map((p) => p.postId)).toEqual(HOME_PINS);
    expect(reasons(reads).sort()).toEqual(['sponsored', 'suggested']);
    expect(post(reads, pin(4)).links).toEqual([PITCHER]);
    expect(pinterest.mountPoint(elementOf(reads, pin(4)))?.target.closest('a')).toBeNull();
  });

  it('reads ≤2020 pinWrapper tiles and bare pin links around a picture', () => {
    document.body.innerHTML = `
      <div class="Grid"><div class="item"><div class="pinWrapper"><div class="pinImageWrapper">
        <a href="/pin/845269100000000002/"><img src="data:image/svg+xml,x" alt="bed"></a></div>
        <div class="pinCredits"><a href="/maisonlune/">Maison Lune</a></div></div></div></div>
      <div><a id="bare" href="https://in.pinterest.com/pin/slow-sunday--845269100000000001/"><img src="x" alt="tent"></a></div>`;
    const reads = readAll(document, at('/'));
    expect(posts(reads).map((p) => [p.postId, p.author])).toEqual([
      [pin(2), 'maisonlune'],
      [pin(1), null],
    ]);
    const bare = document.getElementById('bare')!;
    expect(pinterest.mountPoint(bare)).toEqual({ target: bare.parentElement, placement: 'overlay' });
  });

  it('gives a reason instead of throwing for malformed elements', () => {
    document.body.innerHTML = `
      <div id="empty"></div>
      <div id="no-id" data-test-id="pin" data-test-pin-id="abc"><a href="javascript:alert('/pin/845269100000000001/')"><img src="x"></a>
        <a href="http://[::1">broken</a><a href="/pin/create/">create</a></div>
      <a id="foreign-tile" href="https://evil.example/pin/845269100000000001/"><img src="x"></a>
      <a id="js-tile" href="javascript:void(0)//pin/845269100000000001/"><img src="x"></a>
      <div id="cell" data-grid-item="true"><div class="spinner"></div></div>`;
    const loc = at('/');
    for (const id of ['empty', 'no-id', 'foreign-tile', 'js-tile', 'cell']) {
      const el = document.getElementById(id)!;
      let read: ReadResult | undefined;
      expect(() => (read = pinterest.readPost(el, loc))).not.toThrow();
      expect(read?.ok).toBe(false);
      expect(() => pinterest.mountPoint(el)).not.toThrow();
      expect(() => pinterest.mediaElement(el)).not.toThrow();
    }
    expect(pinterest.readPost(document.getElementById('no-id')!, loc)).toEqual({ ok: false, reason: 'no-post-id' });
    expect(pinterest.readPost(document.getElementById('cell')!, loc)).toEqual({ ok: false, reason: 'no-post-id' });
    // Links that only look like pin tiles are not posts at all.
    expect(pinterest.findPosts(document).map((el) => el.id)).toEqual(['no-id', 'cell']);
    const detached = document.createElement('div');
    detached.setAttribute('data-test-id', 'pin');
    detached.innerHTML = `<a href="/pin/${pin(1)}/"><img src="x"></a>`;
    expect(pinterest.readPost(detached, loc)).toEqual({ ok: false, reason: 'detached' });
    expect(pinterest.mountPoint(detached)).toBeNull();
  });
});

describe('the Pinterest fixture scripts', () => {
  it('append pins on infinite scroll and drop the oldest cells from the top', async () => {
    const { win, doc } = await openScripted('home.html', 'https://www.pinterest.com/');
    const loadMore = (win as unknown as { __pinLoadMore: () => number }).__pinLoadMore;
    expect(loadMore()).toBe(16);
    let ids = posts(readAll(doc, at('/'))).map((p) => p.postId);
    expect(ids).toEqual(expect.arrayContaining([pin(16), pin(17), '845269100000000040', pin(18), pin(4), pin(5)]));
    expect(ids).not.toContain(pin(1));
    const socks = post(readAll(doc, at('/')), '845269100000000040');
    expect(socks).toMatchObject({ author: 'pinecrest_trails', links: ['https://acme.example/products/merino-hiking-socks?utm_source=pinterest&utm_medium=social'] });
    expect(loadMore()).toBe(16);
    ids = posts(readAll(doc, at('/'))).map((p) => p.postId);
    expect(ids).not.toContain(pin(4));
    expect(ids).toContain(pin(19));
    expect(pinterest.findPosts(doc)).toHaveLength(16);
  });

  it('open a pin from the feed by pushState, replacing the feed with its close-up, and Back restores the feed', async () => {
    const { win, doc } = await openScripted('home.html', 'https://www.pinterest.com/');
    const feed = doc.querySelector('[data-test-id="homefeed-feed"]');
    (doc.querySelector(`a[href="/pin/${pin(4)}/"] img`) as HTMLElement).click();
    expect(win.location.pathname).toBe(`/pin/${pin(4)}/`);
    expect(feed?.isConnected).toBe(false);

    const reads = readAll(doc, new URL(win.location.href));
    const closeup = reads[0]!;
    expect(closeup.el.getAttribute('data-test-id')).toBe('closeup-body');
    expect(closeup.read.ok && closeup.read.post).toMatchObject({ postId: pin(4), author: 'linenandloam', links: [PITCHER] });
    expect(pinterest.mountPoint(closeup.el)?.placement).toBe('bar');
    // Related pins under the close-up are grid pins of their own.
    expect(reads.slice(1).every(({ el }) => el.getAttribute('data-test-id') === 'pin')).toBe(true);

    (doc.querySelector('[data-test-id="back-icon-button"]') as HTMLElement).click();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(win.location.pathname).toBe('/');
    expect(feed?.isConnected).toBe(true);
    expect(doc.querySelector('[data-test-id="closeup-body"]')).toBeNull();
  });

  it('open a related pin from a close-up page as a new close-up', async () => {
    const { win, doc } = await openScripted('pin.html', `https://www.pinterest.com/pin/${pin(3)}/`);
    (doc.querySelector(`[data-test-pin-id="${pin(26)}"] a[href="/pin/${pin(26)}/"]`) as HTMLElement).click();
    expect(win.location.pathname).toBe(`/pin/${pin(26)}/`);
    const closeups = pinterest.findPosts(doc).filter((el) => el.getAttribute('data-test-id') === 'closeup-body');
    expect(closeups).toHaveLength(1);
    const read = pinterest.readPost(closeups[0]!, new URL(win.location.href));
    expect(read.ok && read.post).toMatchObject({ postId: pin(26), author: 'saltwaterstudio', caption: 'Bowls drying in the sun' });
  });
});

describe('the Pinterest benchmark page', () => {
  it('holds pins the adapter reads like the fixture pins', () => {
    const doc = parse(bench.shell);
    expect(doc.querySelector('script')).toBeNull();
    const container = doc.querySelector(bench.container)!;
    container.innerHTML = [0, 1, 2, 3].map((i) => bench.post(i)).join('');
    // Each post is one whole cell: the cells are siblings, none nested in the one before.
    expect(container.children).toHaveLength(4);
    expect(doc.querySelectorAll('[data-grid-item] [data-grid-item]')).toHaveLength(0);
    const reads = readAll(doc, at('/'));
    expect(posts(reads).map((p) => p.postId)).toEqual([0, 1, 2, 3].map((i) => bench.postId(i)));
    expect(post(reads, bench.postId(1))).toMatchObject({ author: 'harborknits', caption: 'Saved idea no. 1', links: [] });
    expect(post(reads, bench.postId(3)).links).toEqual(['https://pinecresttrails.example/journal/idea-3?utm_source=pinterest']);
    const point = pinterest.mountPoint(elementOf(reads, bench.postId(2)));
    expect(point?.placement).toBe('overlay');
    expect(point?.target.getAttribute('data-test-id')).toBe('pinWrapper');
  });
});

describe('pinIdFromHref', () => {
  it('reads pin ids from every pin link style and Pinterest host', () => {
    expect(pinIdFromHref('/pin/845269100000000001/')).toBe(pin(1));
    expect(pinIdFromHref('https://www.pinterest.com/pin/845269100000000001/')).toBe(pin(1));
    expect(pinIdFromHref('https://in.pinterest.com/pin/281543723394693/')).toBe('281543723394693');
    expect(pinIdFromHref('https://pinterest.co.uk/pin/845269100000000002')).toBe(pin(2));
    expect(pinIdFromHref('/pin/hagi-yunomi-cup--845269100000000005/')).toBe(pin(5));
    expect(pinIdFromHref('/pin/845269100000000003/activity/tried/')).toBe(pin(3));
  });

  it('rejects everything that is not a Pinterest pin link', () => {
    for (const href of [null, '', '/', '/kumoteaworks/', '/pin/create/', '/pin-builder/', '/search/pins/?q=pin/845269100000000001/',
      'javascript:alert("/pin/845269100000000001/")', 'https://evil.example/pin/845269100000000001/',
      'https://pinterest.com.evil.example/pin/845269100000000001/', 'data:text/html,/pin/845269100000000001/', 'http://[::1']) {
      expect(pinIdFromHref(href)).toBeNull();
    }
  });
});

describe('usernameFromHref', () => {
  it('reads usernames from profile links only', () => {
    expect(usernameFromHref('/kumoteaworks/')).toBe('kumoteaworks');
    expect(usernameFromHref('https://in.pinterest.com/pinecrest_trails/')).toBe('pinecrest_trails');
    for (const href of ['/maisonlune/kitchen-table/', '/pin/845269100000000001/', '/search/', '/ideas/', '/_/_/', 'https://evil.example/acme/']) {
      expect(usernameFromHref(href)).toBeNull();
    }
  });
});
