// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { tiktok, userFromHref, videoFromHref } from '@/utils/sites/tiktok';
import type { ReadResult } from '@/utils/sites/types';
import { adapterHarness } from './harness';
import { site as bench } from '../../bench/sites/tiktok';

const { fixture, parse, at, readAll, posts, post, elementOf, reasons, expectNoNesting, openScripted } = adapterHarness(tiktok, 'https://www.tiktok.com');

const id = (n: number): string => `74300000000000000${String(n).padStart(2, '0')}`;

const SPF_URL = 'https://northwind.example/products/mineral-spf30?utm_campaign=tt';
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('the TikTok adapter on the For You feed', () => {
  const doc = parse(fixture('foryou.html'));
  const reads = readAll(doc, at('/'));

  it('finds every rendered feed item exactly once', () => {
    const elements = reads.map((r) => r.el);
    expect(elements).toHaveLength(10);
    expect(new Set(elements).size).toBe(10);
    expect(elements.every((el) => el.matches('article[data-e2e="recommend-list-item-container"]'))).toBe(true);
    expectNoNesting(elements);
    expect(posts(reads).map((p) => p.postId)).toEqual([id(1), id(10), id(2), id(4), id(5), id(11), id(12)]);
  });

  it('reads the video id from the player, the author from the avatar link and the description as written', () => {
    expect(post(reads, id(1))).toEqual({
      platform: 'tiktok',
      postId: id(1),
      url: `https://www.tiktok.com/@glow.with.mira/video/${id(1)}`,
      author: 'glow.with.mira',
      caption:
        'Night routine, step three: three drops of face oil pressed in, never rubbed. My skin has not been this calm all year 🌙 #skincare #nightroutine',
      links: [],
    });
    expect(post(reads, id(2))).toMatchObject({ author: 'acme', url: `https://www.tiktok.com/@acme/video/${id(2)}` });
    expect(post(reads, id(5)).caption).toBe(
      'Testing the Canyon Trekking Poles on the ridge loop 🥾 They lock in one flick and fold down to 38 cm. #hiking #gearreview',
    );
    for (const p of posts(reads)) {
      expect(p.caption).not.toMatch(/more$/);
      expect(p.caption).not.toContain('original sound');
    }
  });

  it('keeps the AI summary and its disclaimer out of the description', () => {
    expect(post(reads, id(11)).caption).toBe('Three ways to brew oolong at home, from quick to very slow 🍵 #tea #oolong');
  });

  it('collects a product URL written as plain text, with its tracking parameters, and not the mention as the author', () => {
    const spf = post(reads, id(4));
    expect(spf.links).toEqual([SPF_URL]);
    expect(spf.author).toBe('sunsafe.sol');
    expect(spf.caption).toContain(`@northwindskin 👉 ${SPF_URL} #skincare`);
  });

  it('skips the ad as sponsored but reads a paid partnership with an #ad hashtag as a post', () => {
    const ad = reads.find(({ el }) => el.querySelector(`[id$="-${id(99)}"]`));
    expect(ad?.read).toEqual({ ok: false, reason: 'sponsored' });
    expect(post(reads, id(12))).toMatchObject({ author: 'citybike.cam', caption: 'Rainy commute, dry socks. This jacket kept me dry for 14 km #commute #ad' });
  });

  it('skips the LIVE unit and the suggested accounts unit with their reasons and gives them no mount point', () => {
    expect(reasons(reads)).toEqual(['sponsored', 'live', 'suggested']);
    const live = reads.find(({ el }) => el.querySelector('a[href="/@pixel.pastry/live"]'))!;
    expect(live.read).toEqual({ ok: false, reason: 'live' });
    expect(tiktok.mountPoint(live.el)).toBeNull();
    const suggested = reads.find(({ el }) => el.textContent?.includes('Suggested accounts'))!;
    expect(suggested.read).toEqual({ ok: false, reason: 'suggested' });
    expect(tiktok.mountPoint(suggested.el)).toBeNull();
  });

  it('mounts a video as a row under it, outside the media card whose clicks open the video, and pins on the cover', () => {
    const el = elementOf(reads, id(1));
    const point = tiktok.mountPoint(el);
    expect(point).toEqual({ target: el, placement: 'bar' });
    const media = tiktok.mediaElement(el);
    expect(media?.localName).toBe('img');
    expect(media?.closest('[shape="circle"]')).toBeNull();
    expect(media?.getAttribute('alt')).toContain('Night routine');
  });

  it('finds the item from a subtree and from the item itself', () => {
    const article = elementOf(reads, id(5));
    expect(tiktok.findPosts(article)).toEqual([article]);
    expect(tiktok.findPosts(article.querySelector('section[data-e2e="feed-video"]')!)).toEqual([article]);
  });
});

describe('the TikTok adapter with infinite scroll and browse mode over the feed', () => {
  it('finds videos appended by infinite scroll and ignores the emptied placeholders', async () => {
    const { win, doc } = await openScripted('foryou.html', 'https://www.tiktok.com/');
    const loadMore = (win as unknown as { __ttLoadMore: () => number }).__ttLoadMore;
    expect(loadMore()).toBe(10);
    let ids = posts(readAll(doc, at('/'))).map((p) => p.postId);
    expect(ids).toEqual([id(2), id(4), id(5), id(11), id(12), id(13), id(3), id(14)]);
    // The three oldest slots are still in the page, empty, and are not posts.
    const placeholders = Array.from(doc.querySelectorAll('article')).filter((a) => !a.firstElementChild);
    expect(placeholders).toHaveLength(3);
    for (const slot of placeholders) expect(tiktok.findPosts(doc)).not.toContain(slot);

    expect(loadMore()).toBe(10);
    ids = posts(readAll(doc, at('/'))).map((p) => p.postId);
    expect(ids).not.toContain(id(2));
    expect(ids).toEqual(expect.arrayContaining([id(3), id(15), id(16), id(17)]));
    expect(tiktok.findPosts(doc)).toHaveLength(10);
  });

  it('reads the video opened over the feed by pushState and keeps the feed items on their own ids', async () => {
    const { win, doc, here } = await openScripted('foryou.html', 'https://www.tiktok.com/');
    const card = doc.querySelector(`article:has([id$="-${id(10)}"]) section[data-e2e="feed-video"]`) as HTMLElement;
    (card.querySelector('canvas') as HTMLElement).click();
    expect(here().pathname).toBe(`/@trailmix.theo/video/${id(10)}`);

    const reads = readAll(doc, here());
    const detail = reads.find(({ el }) => el.querySelector('[data-e2e="browse-video-desc"]'))!;
    expect(detail.read.ok && detail.read.post).toMatchObject({
      postId: id(10),
      author: 'trailmix.theo',
      caption: 'Sunrise from the north ridge, worth every single switchback 🌄 #hiking #sunrise',
    });
    expect(post(reads, id(1)).author).toBe('glow.with.mira');
    expect(reads.filter(({ el }) => el.localName === 'article')).toHaveLength(10);

    doc.dispatchEvent(new win.KeyboardEvent('keydown', { key: 'Escape', bubbles: true }) as unknown as Event);
    await settle();
    expect(here().pathname).toBe('/');
    expect(doc.querySelector('[data-e2e="browse-video-desc"]')).toBeNull();
  });
});

describe('the TikTok adapter on a profile grid', () => {
  const doc = parse(fixture('profile.html'));
  const reads = readAll(doc, at('/@acme'));
  const GRID = [2, 20, 21, 22, 23, 24, 25, 26, 27].map(id);

  it('reads every tile once, with id and author from its href, absolute or relative, photos included', () => {
    expect(reads.map(({ el }) => el.getAttribute('data-e2e'))).toEqual(Array(9).fill('user-post-item'));
    expect(posts(reads).map((p) => p.postId)).toEqual(GRID);
    expect(elementOf(reads, id(2)).querySelector('a')?.getAttribute('href')).toBe(`https://www.tiktok.com/@acme/video/${id(2)}`);
    expect(elementOf(reads, id(21)).querySelector('a')?.getAttribute('href')).toBe(`/@acme/video/${id(21)}`);
    expect(post(reads, id(22)).url).toBe(`https://www.tiktok.com/@acme/photo/${id(22)}`);
    for (const p of posts(reads)) expect(p).toMatchObject({ author: 'acme', caption: null, links: [] });
  });

  it('overlays a tile on its grid cell, outside the role=button item and its link', () => {
    const tile = elementOf(reads, id(2));
    const point = tiktok.mountPoint(tile);
    expect(point?.placement).toBe('overlay');
    expect(point?.target.id).toBe('grid-item-container-0');
    expect(point?.target.closest('a, [role="button"]')).toBeNull();
    expect(tiktok.mediaElement(tile)).toBe(tile.querySelector('img'));
  });

  it('leaves the profile header, the bio link and the suggested accounts alone', () => {
    expect(reads.some(({ el }) => el.closest('[data-e2e="user-avatar"], [class*="DivUserCardListWrapper"]'))).toBe(false);
    expect(reads.some(({ el }) => el.querySelector('[data-e2e="user-link"]'))).toBe(false);
  });

  it('takes the author from the profile URL when a tile href has no handle', () => {
    const copy = parse(fixture('profile.html'));
    copy.querySelector(`a[href$="/video/${id(24)}"]`)!.setAttribute('href', `/video/${id(24)}`);
    const tile = readAll(copy, at('/@acme?lang=en')).find(({ read }) => read.ok && read.post.postId === id(24));
    expect(tile?.read.ok && tile.read.post.author).toBe('acme');
  });

  it('opens a tile in browse mode by pushState, switches videos in place and restores the URL on close', async () => {
    const { doc, here } = await openScripted('profile.html', 'https://www.tiktok.com/@acme');
    (doc.querySelector(`a[href$="/video/${id(20)}"] img`) as HTMLElement).click();
    expect(here().pathname).toBe(`/@acme/video/${id(20)}`);

    let reads = readAll(doc, here());
    expect(reads.filter(({ el }) => el.matches('[data-e2e="user-post-item"]'))).toHaveLength(9);
    const detail = reads.find(({ el }) => el.querySelector('[data-e2e="browse-video-desc"]'))!;
    expect(detail.read.ok && detail.read.post).toMatchObject({ postId: id(20), author: 'acme' });
    expect(detail.read.ok && detail.read.post.caption).toBe('Packing list for a three-day loop, everything in 9 kg 🎒 #backpacking');
    const point = tiktok.mountPoint(detail.el);
    expect(point?.placement).toBe('bar');
    expect(point?.target.querySelector('[data-e2e="browse-username"]')).not.toBeNull();
    expect(point?.target.querySelector('[data-e2e="browse-video-desc"]')).not.toBeNull();

    (doc.querySelector('button[aria-label="Go to previous video"]') as HTMLElement).click();
    expect(here().pathname).toBe(`/@acme/video/${id(2)}`);
    expect(detail.el.isConnected).toBe(false);
    reads = readAll(doc, here());
    const switched = reads.find(({ el }) => el.querySelector('[data-e2e="browse-video-desc"]'))!;
    expect(switched.read.ok && switched.read.post.postId).toBe(id(2));

    (doc.querySelector('[data-e2e="browse-close"]') as HTMLElement).click();
    await settle();
    expect(here().pathname).toBe('/@acme');
    expect(readAll(doc, here())).toHaveLength(9);
  });
});

describe('the TikTok adapter on the video page', () => {
  const html = fixture('video.html');
  const url = at(`/@kumotea/video/${id(3)}`);

  it('reads the video with its author and description, and none of the comments', () => {
    const reads = readAll(parse(html), url);
    expect(reads).toHaveLength(1);
    expect(reads[0]?.read).toEqual({
      ok: true,
      post: {
        platform: 'tiktok',
        postId: id(3),
        url: `https://www.tiktok.com/@kumotea/video/${id(3)}`,
        author: 'kumotea',
        caption: 'Slow Sunday brew in a clay pot from Tokoname. Warm the pot first, always 🍵 #tea #kyusu',
        // A comment links a catalog product: it is not the video's link. A comment reading "Ad" is not an ad label.
        links: [],
      },
    });
  });

  it('mounts in the comments panel under the description and pins on the video cover', () => {
    const [page] = readAll(parse(html), url);
    const point = tiktok.mountPoint(page!.el);
    expect(point?.placement).toBe('bar');
    expect(point?.target.querySelector('h1[data-e2e="browse-video-desc"]')).not.toBeNull();
    expect(point?.target.querySelector('[data-e2e="comment-level-1"]')).toBeNull();
    const media = tiktok.mediaElement(page!.el);
    expect(media?.localName).toBe('img');
    expect(media?.closest('[shape="circle"]')).toBeNull();
    expect(media?.closest('[class*="DivVideoWrapper"]')).not.toBeNull();
  });

  it('reads "Creator videos" tiles in the panel as posts of their own, not as the page video', () => {
    const doc = parse(html);
    const tiles = [20, 21].map((n) => `<div><div data-e2e="user-post-item" role="button"><a href="/@kumotea/video/${id(n)}"><div><img alt="" src="x"></div><div id="xgwrapper-1-${id(n)}"><video></video></div></a></div></div>`);
    doc.querySelector('[class*="DivCommentListContainer"]')!.insertAdjacentHTML('beforebegin', `<div class="css-0-3f9c2d1a--DivCreatorVideos">${tiles.join('')}</div>`);
    // The page's own player comes after the tiles in the document here: still the page's id.
    const left = doc.querySelector('[class*="DivLeftContainer"]')!;
    left.parentElement!.append(left);
    const reads = readAll(doc, url);
    expect(posts(reads).map((p) => p.postId)).toEqual([id(3), id(20), id(21)]);
    const page = elementOf(reads, id(3));
    expect(tiktok.mediaElement(page)?.closest('[data-e2e="user-post-item"]')).toBeNull();
    expect(tiktok.mountPoint(elementOf(reads, id(20)))?.placement).toBe('overlay');
  });

  it('keeps a column of feed items beside a comments panel as posts of their own', () => {
    const doc = parse(fixture('foryou.html'));
    doc.querySelector('main')!.insertAdjacentHTML(
      'beforeend',
      `<aside class="css-0-3f9c2d1a--DivCommentPanel"><div><span data-e2e="browse-username">glow.with.mira</span><h1 data-e2e="browse-video-desc">Night routine</h1></div></aside>`,
    );
    const reads = readAll(doc, at(`/@glow.with.mira/video/${id(1)}`));
    expect(reads.filter(({ el }) => el.localName === 'article')).toHaveLength(10);
    const panel = reads.find(({ el }) => el.closest('aside'))!;
    expect(panel.read.ok && panel.read.post).toMatchObject({ postId: id(1), author: 'glow.with.mira', caption: 'Night routine' });
  });

  it('falls back to the copy-link box, then to the page URL, when the player has no id yet', () => {
    const doc = parse(html);
    doc.querySelector('[id^="xgwrapper-"]')!.removeAttribute('id');
    let [page] = readAll(doc, at('/'));
    expect(page?.read.ok && page.read.post.postId).toBe(id(3));
    doc.querySelector('[data-e2e="browse-video-link"]')!.remove();
    [page] = readAll(doc, url);
    expect(page?.read.ok && page.read.post.postId).toBe(id(3));
    expect(tiktok.readPost(page!.el, at('/'))).toEqual({ ok: false, reason: 'no-post-id' });
  });
});

describe('the TikTok adapter on search results', () => {
  const doc = parse(fixture('search.html'));
  const reads = readAll(doc, at('/search?q=trekking%20poles'));

  it('reads each result cell once with its caption and author, and skips the LIVE result', () => {
    expect(reads).toHaveLength(6);
    expect(reads.every(({ el }) => el.querySelector('[data-e2e="search_top-item"]') && el.querySelector('[data-e2e="search-card-desc"]'))).toBe(true);
    expect(posts(reads).map((p) => p.postId)).toEqual([id(5), id(28), id(21), id(29), id(30)]);
    expect(post(reads, id(5))).toEqual({
      platform: 'tiktok',
      postId: id(5),
      url: `https://www.tiktok.com/@acme/video/${id(5)}`,
      author: 'acme',
      caption: 'Testing the Canyon Trekking Poles on the ridge loop 🥾 They lock in one flick and fold down to 38 cm. #hiking #gearreview',
      links: [],
    });
    expect(post(reads, id(29)).url).toBe(`https://www.tiktok.com/@trail.notes/photo/${id(29)}`);
    expect(reasons(reads)).toEqual(['live']);
  });

  it('overlays a result on its cover box, not inside its link', () => {
    const cell = elementOf(reads, id(5));
    const point = tiktok.mountPoint(cell);
    expect(point?.placement).toBe('overlay');
    expect(point?.target.getAttribute('data-e2e')).toBe('search_top-item');
    expect(point?.target.closest('a')).toBeNull();
    expect(tiktok.mediaElement(cell)?.closest('a[href*="/video/"]')).not.toBeNull();
  });

  it('does not read the "Others searched for" links as posts', () => {
    expect(reads.some(({ el }) => el.textContent?.includes('Others searched for'))).toBe(false);
  });

  it('opens a result in browse mode and reads it from its player', async () => {
    const { doc: live, here } = await openScripted('search.html', 'https://www.tiktok.com/search?q=trekking%20poles');
    (live.querySelector(`a[href$="/video/${id(28)}"] img`) as HTMLElement).click();
    expect(here().pathname).toBe(`/@ridgeline.rosa/video/${id(28)}`);
    const detail = readAll(live, here()).find(({ el }) => el.querySelector('[data-e2e="browse-video-desc"]'));
    expect(detail?.read.ok && detail.read.post).toMatchObject({ postId: id(28), author: 'ridgeline.rosa' });
    (live.querySelector('[data-e2e="browse-close"]') as HTMLElement).click();
    await settle();
    expect(here().pathname + here().search).toBe('/search?q=trekking%20poles');
  });
});

describe('the TikTok adapter on the older For You markup (2021–22)', () => {
  const doc = parse(fixture('foryou-2022.html'));
  const reads = readAll(doc, at('/foryou'));

  it('reads div items with the id from the video permalink and the author from the uniqueId heading', () => {
    expect(reads.every(({ el }) => el.matches('div[data-e2e="recommend-list-item-container"]'))).toBe(true);
    expect(posts(reads).map((p) => p.postId)).toEqual([id(1), id(13), id(4), id(5)]);
    expect(reasons(reads)).toEqual(['sponsored']);
    expect(post(reads, id(5))).toMatchObject({ author: 'acme', url: `https://www.tiktok.com/@acme/video/${id(5)}` });
    expect(post(reads, id(5)).caption).toContain('Canyon Trekking Poles');
  });

  it('unwraps a description link that leaves TikTok through /link/v2', () => {
    const spf = post(reads, id(4));
    expect(spf.links).toEqual([SPF_URL]);
    expect(spf.caption).toContain('👉 northwind.example/products/mineral-spf30?utm_campaign=tt #skincare');
  });

  it('mounts in the content column under the video and pins on the cover, not the avatar', () => {
    const el = elementOf(reads, id(1));
    const point = tiktok.mountPoint(el);
    expect(point?.placement).toBe('bar');
    expect(point?.target).not.toBe(el);
    expect(point?.target.querySelector('[data-e2e="feed-video"]')).not.toBeNull();
    expect(point?.target.querySelector('[data-e2e="video-desc"]')).not.toBeNull();
    expect(tiktok.mediaElement(el)?.closest('[data-e2e="feed-video"]')).not.toBeNull();
  });

  it('leaves the suggested accounts of the side bar alone', () => {
    expect(reads.some(({ el }) => el.closest('[data-e2e="suggest-accounts"]'))).toBe(false);
  });
});

describe('the TikTok adapter on odd markup', () => {
  it('gives a reason instead of throwing for malformed elements', () => {
    document.body.innerHTML = `
      <div id="empty"></div>
      <article id="garbage" data-e2e="recommend-list-item-container"><div id="xgwrapper-0-notanid"></div>
        <a href="javascript:alert('/@a/video/7430000000000000001')"><img src="x"></a><a href="https://evil.example/@a/video/7430000000000000001">x</a>
        <a href="http://[::1">broken</a><a href="/@a/video/123">short id</a><p>text</p></article>
      <a id="js-tile" href="javascript:void(0)//@a/video/7430000000000000001"><img src="x"></a>
      <a id="foreign-tile" href="https://evil.example/@a/video/7430000000000000001"><img src="x"></a>
      <article id="slot" data-scroll-index="40" data-e2e="recommend-list-item-container"></article>`;
    const loc = at('/');
    for (const name of ['empty', 'garbage', 'js-tile', 'foreign-tile', 'slot']) {
      const el = document.getElementById(name)!;
      let read: ReadResult | undefined;
      expect(() => (read = tiktok.readPost(el, loc))).not.toThrow();
      expect(read?.ok).toBe(false);
      expect(() => tiktok.mountPoint(el)).not.toThrow();
      expect(() => tiktok.mediaElement(el)).not.toThrow();
    }
    expect(tiktok.readPost(document.getElementById('garbage')!, loc)).toEqual({ ok: false, reason: 'no-post-id' });
    // Look-alike links are not tiles, and an empty (virtualised) slot is not a post yet.
    expect(tiktok.findPosts(document).map((el) => el.id)).toEqual(['garbage']);
    const detached = document.createElement('article');
    detached.setAttribute('data-e2e', 'recommend-list-item-container');
    detached.innerHTML = `<div id="xgwrapper-0-${id(1)}"><video></video></div>`;
    expect(tiktok.readPost(detached, loc)).toEqual({ ok: false, reason: 'detached' });
  });

  it('reads a grid of video links without any test id as tiles', () => {
    document.body.innerHTML = `<nav><a href="/@acme/video/${id(2)}"><img src="x" alt=""></a></nav>
      <div class="css-1x2y3z-3f9c2d1a--DivExploreGrid"><div><a href="/@acme/video/${id(2)}"><img src="x" alt=""></a></div>
      <div><a href="https://www.tiktok.com/@kumotea/video/${id(3)}?is_from_webapp=1"><picture><img src="x" alt=""></picture></a></div>
      <div><a href="/@acme/video/${id(20)}">a text link</a></div></div>`;
    const reads = readAll(document, at('/explore'));
    expect(posts(reads).map((p) => [p.postId, p.author])).toEqual([[id(2), 'acme'], [id(3), 'kumotea']]);
    const point = tiktok.mountPoint(reads[0]!.el);
    expect(point).toEqual({ target: reads[0]!.el.parentElement, placement: 'overlay' });
    // Links sharing one row: each overlay stays on its own tile.
    document.body.innerHTML = `<div><a href="/@acme/video/${id(2)}"><img src="x" alt=""></a><a href="/@acme/video/${id(20)}"><img src="x" alt=""></a></div>`;
    const row = tiktok.findPosts(document);
    expect(row).toHaveLength(2);
    expect(row.map((el) => tiktok.mountPoint(el)?.target)).toEqual(row);
  });

  it('still reads a feed item when its player lost the id but a permalink remains', () => {
    const doc = parse(fixture('foryou.html'));
    const article = doc.querySelector(`article:has([id$="-${id(2)}"])`)!;
    article.querySelector('[id^="xgwrapper-"]')!.removeAttribute('id');
    expect(tiktok.readPost(article, at('/'))).toEqual({ ok: false, reason: 'no-post-id' });
    article.querySelector('[data-e2e="feed-video"]')!.insertAdjacentHTML('beforeend', `<a href="/@acme/video/${id(2)}" aria-label="Open">open</a>`);
    const read = tiktok.readPost(article, at('/'));
    expect(read.ok && read.post.postId).toBe(id(2));
  });
});

describe('TikTok href helpers', () => {
  it('reads video ids from every permalink style', () => {
    expect(videoFromHref(`/@acme/video/${id(2)}`)).toEqual({ id: id(2), kind: 'video', user: 'acme' });
    expect(videoFromHref(`https://www.tiktok.com/@maisonlune.home/video/${id(3)}?is_from_webapp=1&sender_device=pc`)).toEqual({
      id: id(3),
      kind: 'video',
      user: 'maisonlune.home',
    });
    expect(videoFromHref(`https://m.tiktok.com/@acme/photo/${id(22)}`)).toEqual({ id: id(22), kind: 'photo', user: 'acme' });
    expect(videoFromHref(`/video/${id(4)}`)).toEqual({ id: id(4), kind: 'video', user: null });
  });

  it('rejects everything that is not a TikTok video link', () => {
    for (const href of [null, '', '/', '/@acme', '/@acme/live', '/tag/video', '/music/original-sound-7430000000000900001', `javascript:'/@a/video/${id(1)}'`,
      `https://evil.example/@a/video/${id(1)}`, `data:text/html,/@a/video/${id(1)}`, '/@a/video/12345', 'http://[::1']) {
      expect(videoFromHref(href)).toBeNull();
    }
  });

  it('reads handles from profile links only', () => {
    expect(userFromHref('/@kumotea')).toBe('kumotea');
    expect(userFromHref('https://www.tiktok.com/@maisonlune.home?lang=en')).toBe('maisonlune.home');
    expect(userFromHref(`/@acme/video/${id(2)}`)).toBeNull();
    expect(userFromHref('/tag/hiking')).toBeNull();
  });
});

describe('the TikTok benchmark site', () => {
  it('builds feed items the adapter reads like the fixture, one per index', () => {
    const doc = parse(bench.shell);
    const container = doc.querySelector(bench.container)!;
    expect(container.children).toHaveLength(0);
    expect(doc.querySelector('script')).toBeNull();
    container.innerHTML = [0, 1, 7].map((i) => bench.post(i)).join('');
    const reads = readAll(doc, new URL(bench.url));
    expect(posts(reads).map((p) => p.postId)).toEqual([0, 1, 7].map((i) => bench.postId(i)));
    expect(post(reads, bench.postId(7))).toMatchObject({ author: 'tidepool.tess', caption: 'Notes from the studio, part 7. #studio' });
    expect(tiktok.mountPoint(reads[0]!.el)).toEqual({ target: reads[0]!.el, placement: 'bar' });
    expect(tiktok.mediaElement(reads[0]!.el)?.localName).toBe('img');
    // Same generated class names as the fixture's items.
    const fixtureArticle = parse(fixture('foryou.html')).querySelector('article')!;
    expect(reads[0]!.el.getAttribute('class')).toBe(fixtureArticle.getAttribute('class'));
  });
});
