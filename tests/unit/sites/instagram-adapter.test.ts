// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { instagram, shortcodeFromHref, usernameFromHref } from '@/utils/sites/instagram';
import type { ReadResult } from '@/utils/sites/types';
import { adapterHarness } from './harness';
import { site as benchSite } from '../../bench/sites/instagram';

const { fixture, parse, at, readAll, posts, post, elementOf, expectNoNesting, openScripted } = adapterHarness(instagram, 'https://www.instagram.com');

const FEED_TAGGED = ['C8xYz123abc', 'C9mKp2LrT4q', 'DA3vQx8NnB1', 'DD1sLm9XpG6'];
const FEED_UNTAGGED = ['C6aBc0dEf1g', 'C5hIj2kLm3n'];

describe('the Instagram adapter on the home feed', () => {
  const doc = parse(fixture('feed.html'));
  const reads = readAll(doc, at('/'));

  it('finds every post of the feed exactly once', () => {
    const elements = reads.map((r) => r.el);
    expect(elements).toHaveLength(8);
    expect(new Set(elements).size).toBe(8);
    expect(elements.every((el) => el.localName === 'article')).toBe(true);
    expectNoNesting(elements);
    expect(posts(reads).map((p) => p.postId).sort()).toEqual([...FEED_TAGGED, ...FEED_UNTAGGED].sort());
  });

  it('reads shortcode, author, caption and canonical url of each feed post', () => {
    const jacket = post(reads, 'C8xYz123abc');
    expect(jacket).toMatchObject({
      platform: 'instagram',
      postId: 'C8xYz123abc',
      url: 'https://www.instagram.com/p/C8xYz123abc/',
      author: 'acme',
    });
    expect(jacket.caption).toBe(
      'The Trail Jacket is back in three new colours. Windproof, packs into its own pocket and fully repairable.\n#trailrunning #outdoors',
    );
    expect(post(reads, 'C6aBc0dEf1g').author).toBe('harbor.knits');
    expect(post(reads, 'C5hIj2kLm3n').caption).toBe('First frost on the garden path this morning.\n\nNo filter, just cold fingers. ❄️');
    for (const p of posts(reads)) {
      expect(p.url).toBe(`https://www.instagram.com/p/${p.postId}/`);
      expect(p.caption?.startsWith(p.author ?? '?')).toBe(false);
      expect(p.caption).not.toContain('more');
    }
  });

  it('skips the sponsored post with reason sponsored', () => {
    const ad = reads.find(({ el }) => el.querySelector('a[href="/p/C4sPonSoR01/"]'));
    expect(ad?.read).toEqual({ ok: false, reason: 'sponsored' });
  });

  it('reports the suggestions unit as suggested instead of a post', () => {
    const unit = reads.find(({ el }) => el.textContent?.includes('Suggested for you'));
    expect(unit?.read).toEqual({ ok: false, reason: 'suggested' });
    expect(unit && instagram.mountPoint(unit.el)).toBeNull();
  });

  it('collects caption links with their tracking parameters', () => {
    expect(post(reads, 'C9mKp2LrT4q').links).toEqual([
      'https://acme.example/products/summit-pack?utm_source=instagram&utm_medium=social&utm_campaign=fall26&igsh=ZGVtbzEyMw==',
    ]);
    expect(post(reads, 'DD1sLm9XpG6').links).toEqual(['https://acme.example/products/ridge-fleece?variant=456&utm_source=ig']);
    expect(post(reads, 'DA3vQx8NnB1').links).toEqual(['https://acme.example/products/camp-mug']);
    expect(post(reads, 'C6aBc0dEf1g').links).toEqual([]);
  });

  it('mounts a feed post in its action bar and pins on its photo, not the avatar', () => {
    const el = elementOf(reads, 'C8xYz123abc');
    const point = instagram.mountPoint(el);
    expect(point?.placement).toBe('bar');
    expect(point?.target.localName).toBe('section');
    expect(point?.target.querySelector('svg[aria-label="Like"]')).not.toBeNull();
    const media = instagram.mediaElement(el);
    expect(media?.localName).toBe('img');
    expect(media?.getAttribute('alt')).toContain('rain jacket');
  });

  it('pins a carousel post on its first slide', () => {
    const media = instagram.mediaElement(elementOf(reads, 'DD1sLm9XpG6'));
    expect(media?.closest('li')).not.toBeNull();
    expect(media?.closest('li')?.previousElementSibling).toBeNull();
  });

  it('finds the posts in a subtree and in a single article passed as the root', () => {
    const article = elementOf(reads, 'C9mKp2LrT4q');
    expect(instagram.findPosts(article)).toEqual([article]);
    expect(instagram.findPosts(article.querySelector('section')!)).toEqual([article]);
  });
});

describe('the Instagram adapter on a profile grid', () => {
  const doc = parse(fixture('profile.html'));
  const reads = readAll(doc, at('/acme/'));

  it('reads grid tiles of every href style, including reels', () => {
    expect(reads).toHaveLength(12);
    expect(reads.every(({ el }) => el.localName === 'a')).toBe(true);
    const byId = new Map(posts(reads).map((p) => [p.postId, p]));
    expect(byId.size).toBe(12);
    for (const id of ['DA3vQx8NnB1', 'DB5hWz0YcE7', 'DG4hJk6LmN8', 'DH7cVb1NmQ2', 'CU6kLm7NoP8']) expect(byId.has(id)).toBe(true);
    // `/acme/p/<code>/`, classic `/p/<code>/` and `/reel/<code>/` hrefs all resolve to the post URL.
    expect(elementOf(reads, 'DB5hWz0YcE7').getAttribute('href')).toBe('/acme/p/DB5hWz0YcE7/');
    expect(elementOf(reads, 'DG4hJk6LmN8').getAttribute('href')).toBe('/p/DG4hJk6LmN8/');
    expect(elementOf(reads, 'DH7cVb1NmQ2').getAttribute('href')).toBe('/reel/DH7cVb1NmQ2/');
    expect(byId.get('DH7cVb1NmQ2')?.url).toBe('https://www.instagram.com/p/DH7cVb1NmQ2/');
    // The author comes from the href, or from the profile being viewed for the short hrefs.
    for (const p of byId.values()) expect(p.author).toBe('acme');
    expect(byId.get('DB5hWz0YcE7')?.caption).toBeNull();
  });

  it('overlays a grid tile on its cell and pins on the tile image', () => {
    const tile = elementOf(reads, 'DA3vQx8NnB1');
    const point = instagram.mountPoint(tile);
    expect(point?.placement).toBe('overlay');
    expect(point?.target).toBe(tile.parentElement);
    expect(instagram.mediaElement(tile)).toBe(tile.querySelector('img'));
  });

  it('leaves the profile avatar, highlights and tabs alone', () => {
    expect(reads.some(({ el }) => el.closest('header'))).toBe(false);
  });
});

describe('the Instagram adapter on the single post page', () => {
  const html = fixture('post.html');

  it('reads the post page through its permalink and the "More posts" tiles as tiles', () => {
    const reads = readAll(parse(html), at('/p/DB5hWz0YcE7/'));
    expectNoNesting(reads.map((r) => r.el));
    const page = reads.find(({ el }) => el.localName !== 'a');
    expect(page?.el.localName).toBe('div');
    expect(page?.read.ok && page.read.post).toMatchObject({
      postId: 'DB5hWz0YcE7',
      url: 'https://www.instagram.com/p/DB5hWz0YcE7/',
      author: 'acme',
      caption:
        'Summit Pack 28L: our most-loved daypack, now with a recycled shell. https://acme.example/products/summit-pack?utm_source=ig&utm_medium=post\n#hiking #daypack',
      links: ['https://acme.example/products/summit-pack?utm_source=ig&utm_medium=post'],
    });
    const tiles = reads.filter(({ el }) => el.localName === 'a');
    expect(posts(tiles).map((p) => p.postId)).toEqual(['CT9qRs0TuV1', 'DG4hJk6LmN8', 'DH7cVb1NmQ2', 'CZ7tUv8WxY9', 'CY2mNo3PqR4', 'CX5sTu6VwX7']);
    expect(page && instagram.mountPoint(page.el)?.target.querySelector('svg[aria-label="Save"]')).toBeTruthy();
    expect(page && instagram.mediaElement(page.el)?.getAttribute('alt')).toContain('backpack');
  });

  it('falls back to the page URL when the post has no permalink of its own', () => {
    const doc = parse(html);
    for (const a of Array.from(doc.querySelectorAll('main a[href*="/p/"]:not(:has(img))'))) a.remove();
    const page = instagram.findPosts(doc).find((el) => el.localName !== 'a');
    expect(page).toBeDefined();
    const read = instagram.readPost(page!, at('/p/DB5hWz0YcE7/?img_index=2'));
    expect(read.ok && read.post.postId).toBe('DB5hWz0YcE7');
    expect(instagram.readPost(page!, at('/'))).toEqual({ ok: false, reason: 'no-post-id' });
  });
});

describe('the Instagram adapter on the post modal', () => {
  it('reads the modal post opened from a profile tile', async () => {
    const { win, doc } = await openScripted('profile.html', 'https://www.instagram.com/acme/');
    (doc.querySelector('a[href="/acme/p/DA3vQx8NnB1/"] img') as HTMLElement).click();
    expect(win.location.pathname).toBe('/p/DA3vQx8NnB1/');

    const reads = readAll(doc, new URL(win.location.href));
    const modal = reads.find(({ el }) => el.closest('[role="dialog"]'));
    expect(modal?.el.localName).toBe('article');
    expect(modal?.read.ok && modal.read.post).toMatchObject({
      postId: 'DA3vQx8NnB1',
      author: 'acme',
      caption: 'Meet the Camp Mug: double-walled steel, 350 ml, keeps coffee hot through a whole sunrise.',
    });
    // The grid behind the modal is still read, tile by tile.
    expect(reads.filter(({ el }) => el.localName === 'a')).toHaveLength(12);
    expect(modal && instagram.mountPoint(modal.el)).toMatchObject({ placement: 'bar' });
    expect(modal && instagram.mediaElement(modal.el)?.localName).toBe('img');

    (doc.querySelector('[role="dialog"] svg[aria-label="Close"]')?.closest('[role="button"]') as HTMLElement).click();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(win.location.pathname).toBe('/acme/');
    expect(doc.querySelector('[role="dialog"]')).toBeNull();
  });

  it('reads the modal over the feed from the page URL and keeps feed posts on their own ids', async () => {
    const { win, doc } = await openScripted('feed.html', 'https://www.instagram.com/');
    (doc.querySelector('article a[href="/p/C6aBc0dEf1g/"] time') as HTMLElement).click();
    expect(win.location.pathname).toBe('/p/C6aBc0dEf1g/');
    const article = doc.querySelector('[role="dialog"] article')!;
    for (const a of Array.from(article.querySelectorAll('a[href*="/p/"]'))) a.remove();
    const read = instagram.readPost(article, new URL(win.location.href));
    expect(read.ok && read.post).toMatchObject({ postId: 'C6aBc0dEf1g', author: 'harbor.knits' });

    // A feed article without a permalink under the open modal must not take the modal's id.
    const feedPost = doc.querySelector('main article')!;
    for (const a of Array.from(feedPost.querySelectorAll('a[href*="/p/"]'))) a.remove();
    expect(instagram.readPost(feedPost, new URL(win.location.href))).toEqual({ ok: false, reason: 'no-post-id' });
  });
});

describe('the Instagram adapter with infinite scroll', () => {
  it('finds posts appended by infinite scroll and drops the ones virtualized away', async () => {
    const { win, doc } = await openScripted('feed.html', 'https://www.instagram.com/');
    const loadMore = (win as unknown as { __igLoadMore: () => number }).__igLoadMore;
    expect(loadMore()).toBe(12);
    let ids = posts(readAll(doc, at('/'))).map((p) => p.postId);
    expect(ids).toEqual(expect.arrayContaining(['DC7jRt4UaF2', 'DE2oPq4rSt5', 'DF8uVw6xYz7', ...FEED_TAGGED]));
    expect(loadMore()).toBe(12);
    ids = posts(readAll(doc, at('/'))).map((p) => p.postId);
    expect(ids).not.toContain('C8xYz123abc');
    expect(ids).toContain('DC7jRt4UaF2');
    expect(instagram.findPosts(doc)).toHaveLength(12);
  });
});

describe('the Instagram adapter on odd markup', () => {
  it('gives a reason instead of throwing for malformed elements', () => {
    document.body.innerHTML = `
      <div id="empty"></div>
      <article id="garbage"><a href="javascript:alert(1)"><img src="x"></a><a href="https://evil.example/p/ABCDEFGHIJK/">x</a>
        <a href="http://[::1">broken</a><a href="/p/!!/">bad code</a><time></time></article>
      <a id="js-tile" href="javascript:void(0)//p/ABCDEFGHIJK/"><img src="x"></a>
      <a id="foreign-tile" href="https://evil.example/p/ABCDEFGHIJK/"><img src="x"></a>`;
    const loc = at('/');
    for (const id of ['empty', 'garbage', 'js-tile', 'foreign-tile']) {
      const el = document.getElementById(id)!;
      let read: ReadResult | undefined;
      expect(() => (read = instagram.readPost(el, loc))).not.toThrow();
      expect(read?.ok).toBe(false);
      expect(() => instagram.mountPoint(el)).not.toThrow();
      expect(() => instagram.mediaElement(el)).not.toThrow();
    }
    expect(instagram.readPost(document.getElementById('garbage')!, loc)).toEqual({ ok: false, reason: 'no-post-id' });
    // Links that only look like tiles are not posts at all.
    expect(instagram.findPosts(document).map((el) => el.id)).toEqual(['garbage']);
    const detached = document.createElement('article');
    detached.innerHTML = '<a href="/p/C8xYz123abc/"><time datetime="2026-01-01">1d</time></a>';
    expect(instagram.readPost(detached, loc)).toEqual({ ok: false, reason: 'detached' });
  });

  it('still works on feed posts wrapped in divs instead of article elements', () => {
    const html = fixture('feed.html').replace(/<article\b/g, '<div role="presentation"').replace(/<\/article>/g, '</div>');
    const doc = parse(html);
    expect(doc.querySelector('article')).toBeNull();
    const reads = readAll(doc, at('/'));
    expectNoNesting(reads.map((r) => r.el));
    // Six posts and the ad (the suggestions unit has no action bar, so it is not a post here).
    expect(reads).toHaveLength(7);
    expect(posts(reads).map((p) => p.postId).sort()).toEqual([...FEED_TAGGED, ...FEED_UNTAGGED].sort());
    expect(reads.filter(({ read }) => !read.ok).map(({ read }) => !read.ok && read.reason)).toEqual(['sponsored']);
    const fleece = post(reads, 'DD1sLm9XpG6');
    expect(fleece.author).toBe('acme');
    expect(fleece.caption).toContain('Ridge Fleece');
    const el = elementOf(reads, 'DD1sLm9XpG6');
    expect(instagram.mountPoint(el)?.target.localName).toBe('section');
    expect(instagram.mediaElement(el)?.localName).toBe('img');
  });

  it('finds the action bar by its icons when the labels are in another language', () => {
    const html = fixture('feed.html')
      .replace(/aria-label="Like"/g, 'aria-label="Me gusta"')
      .replace(/aria-label="Comment"/g, 'aria-label="Comentar"');
    const reads = readAll(parse(html), at('/'));
    expect(reads).toHaveLength(8);
    const point = instagram.mountPoint(elementOf(reads, 'C8xYz123abc'));
    expect(point?.target.localName).toBe('section');
    expect(point?.target.querySelector('svg[aria-label="Me gusta"]')).not.toBeNull();
  });

  it('reads a modal without an article element (older dialog markup)', () => {
    const doc = parse(fixture('post.html'));
    const page = instagram.findPosts(doc).find((el) => el.localName !== 'a')!;
    const dialog = doc.createElement('div');
    dialog.setAttribute('role', 'dialog');
    dialog.append(page.cloneNode(true));
    doc.body.append(dialog);
    const found = instagram.findPosts(dialog);
    expect(found).toEqual([dialog]);
    const read = instagram.readPost(dialog, at('/p/DB5hWz0YcE7/'));
    expect(read.ok && read.post.postId).toBe('DB5hWz0YcE7');
  });
});

describe('shortcodeFromHref', () => {
  it('reads shortcodes from every permalink style', () => {
    expect(shortcodeFromHref('/p/C8xYz123abc/')).toBe('C8xYz123abc');
    expect(shortcodeFromHref('/acme/p/DA3vQx8NnB1/')).toBe('DA3vQx8NnB1');
    expect(shortcodeFromHref('/reel/DH7cVb1NmQ2/')).toBe('DH7cVb1NmQ2');
    expect(shortcodeFromHref('/acme/reel/DH7cVb1NmQ2/?igsh=x')).toBe('DH7cVb1NmQ2');
    expect(shortcodeFromHref('https://www.instagram.com/p/Ab-_9xYz12Q/c/17900000000000000/')).toBe('Ab-_9xYz12Q');
    expect(shortcodeFromHref('https://instagram.com/tv/B1cDeFgHiJk')).toBe('B1cDeFgHiJk');
  });

  it('rejects everything that is not an Instagram post link', () => {
    for (const href of [null, '', '/', '/acme/', '/explore/tags/p/', '/reels/audio/25491014800572906/', 'javascript:alert("/p/C8xYz123abc/")',
      'https://evil.example/p/C8xYz123abc/', 'data:text/html,/p/C8xYz123abc/', '/explore/p/C8xYz123abc/', 'http://[::1']) {
      expect(shortcodeFromHref(href)).toBeNull();
    }
  });

  it('reads usernames from profile links and 2025-26 permalinks only', () => {
    expect(usernameFromHref('/acme/')).toBe('acme');
    expect(usernameFromHref('https://www.instagram.com/lumen.ceramics/')).toBe('lumen.ceramics');
    expect(usernameFromHref('/acme/p/DA3vQx8NnB1/')).toBe('acme');
    expect(usernameFromHref('/p/DA3vQx8NnB1/')).toBeNull();
    expect(usernameFromHref('/explore/')).toBeNull();
  });
});

describe('the Instagram adapter on the reels viewer', () => {
  const html = fixture('reels.html');
  const reads = readAll(parse(html), at('/reels/DE9rEeLs0a1/'));

  it('finds every reel of the viewer once and reads its id, author and caption', () => {
    const elements = reads.map((r) => r.el);
    expect(elements).toHaveLength(4);
    expectNoNesting(elements);
    expect(posts(reads).map((p) => p.postId)).toEqual(['DE9rEeLs0a1', 'DF4wAvEs2Rt', 'DH8cOoKs3Lm']);
    expect(post(reads, 'DE9rEeLs0a1')).toEqual({
      platform: 'instagram',
      postId: 'DE9rEeLs0a1',
      url: 'https://www.instagram.com/p/DE9rEeLs0a1/',
      author: 'acme',
      caption: '40 km in three days and not a single blister. Our merino socks did the hard part.\n#hiking #thruhike',
      links: [],
    });
    expect(post(reads, 'DF4wAvEs2Rt')).toMatchObject({ author: 'tidewater.swim', caption: 'Sunrise dip at 6°C. The sea was glass this morning 🌊' });
    expect(post(reads, 'DH8cOoKs3Lm').author).toBe('lumen.ceramics');
  });

  it('skips the sponsored reel with reason sponsored', () => {
    const ad = reads.find(({ el }) => el.querySelector('a[href^="https://l.instagram.com/"]'));
    expect(ad?.read).toEqual({ ok: false, reason: 'sponsored' });
  });

  it('overlays a reel on its video box and pins on the video, not on the avatar or the audio cover', () => {
    const el = elementOf(reads, 'DE9rEeLs0a1');
    const video = el.querySelector('video');
    expect(instagram.mediaElement(el)).toBe(video);
    expect(instagram.mountPoint(el)).toEqual({ target: video?.parentElement, placement: 'overlay' });
  });

  it('gives a reel without a permalink no id rather than the id of the reel in view', () => {
    const doc = parse(html);
    for (const time of Array.from(doc.querySelectorAll('main a[href*="/reels/"] time'))) time.closest('a')?.remove();
    const found = readAll(doc, at('/reels/DE9rEeLs0a1/'));
    expect(found).toHaveLength(4);
    expect(found.map(({ read }) => !read.ok && read.reason)).toEqual(['no-post-id', 'no-post-id', 'sponsored', 'no-post-id']);
  });

  it('loads the next reels, reads the 2023–24 article markup and drops the reels virtualized away', async () => {
    const { win, doc } = await openScripted('reels.html', 'https://www.instagram.com/reels/DE9rEeLs0a1/');
    const loadMore = (win as unknown as { __igLoadMore: () => number }).__igLoadMore;
    expect(loadMore()).toBe(7);
    let found = readAll(doc, at('/reels/DE9rEeLs0a1/'));
    expect(found).toHaveLength(7);
    expectNoNesting(found.map((r) => r.el));
    expect(posts(found).map((p) => p.postId)).toEqual(['DE9rEeLs0a1', 'DF4wAvEs2Rt', 'DH8cOoKs3Lm', 'DJ2pRsTw9Qa', 'DK7mNbVc4Xe', 'DL9qWeRt6Yu']);
    // The older markup: an <article> per reel and a `/reel/<code>/` permalink.
    const legacy = elementOf(found, 'DJ2pRsTw9Qa');
    expect(legacy.localName).toBe('article');
    expect(legacy.querySelector('a[href="/reel/DJ2pRsTw9Qa/"]')).not.toBeNull();
    expect(post(found, 'DJ2pRsTw9Qa')).toMatchObject({ author: 'pinecrest.trails', caption: 'Ridge line at golden hour, wind at our backs.' });
    expect(instagram.mountPoint(legacy)).toMatchObject({ placement: 'overlay', target: legacy.querySelector('video')?.parentElement });
    expect(post(found, 'DK7mNbVc4Xe').author).toBe('kumoteaworks');

    // Ten reels now, the viewer keeps eight: the first two left the page.
    expect(loadMore()).toBe(8);
    found = readAll(doc, at('/reels/DE9rEeLs0a1/'));
    const ids = posts(found).map((p) => p.postId);
    expect(ids).not.toContain('DE9rEeLs0a1');
    expect(ids).not.toContain('DF4wAvEs2Rt');
    expect(ids).toEqual(expect.arrayContaining(['DM3zXsDf8Gh', 'DN5tGhJk2Lp', 'DP1vBnMq7Wz']));
    expect(found).toHaveLength(8);
  });

  it('follows the reel in view in the URL by replaceState, and each reel keeps its own id', async () => {
    const { win, doc } = await openScripted('reels.html', 'https://www.instagram.com/reels/DE9rEeLs0a1/');
    const showReel = (win as unknown as { __igShowReel: (code: string) => string | null }).__igShowReel;
    const depth = win.history.length;
    expect(showReel('DH8cOoKs3Lm')).toBe('/reels/DH8cOoKs3Lm/');
    expect(win.location.pathname).toBe('/reels/DH8cOoKs3Lm/');
    expect(win.history.length).toBe(depth);
    const ids = posts(readAll(doc, new URL(win.location.href))).map((p) => p.postId);
    expect(ids).toEqual(['DE9rEeLs0a1', 'DF4wAvEs2Rt', 'DH8cOoKs3Lm']);
  });
});

describe('the Instagram adapter on the single reel page', () => {
  const html = fixture('reel.html');

  it('reads the reel from the /reel/<code>/ URL, since the page has no permalink of its own', () => {
    const reads = readAll(parse(html), at('/reel/DE9rEeLs0a1/'));
    expectNoNesting(reads.map((r) => r.el));
    const page = reads.find(({ el }) => el.localName !== 'a');
    expect(page?.el.querySelector('a[href*="DE9rEeLs0a1"]')).toBeNull();
    expect(page?.read.ok && page.read.post).toEqual({
      platform: 'instagram',
      postId: 'DE9rEeLs0a1',
      url: 'https://www.instagram.com/p/DE9rEeLs0a1/',
      author: 'acme',
      caption: '40 km in three days and not a single blister. Our merino socks did the hard part.\n#hiking #thruhike',
      links: [],
    });
    const tiles = reads.filter(({ el }) => el.localName === 'a');
    expect(posts(tiles).map((p) => p.postId)).toEqual(['DH7cVb1NmQ2', 'CR4tYuIo7Pa', 'CQ8wErTy2Ui', 'CP3aSdFg6Hj', 'CN5zXcVb9Nm', 'CM1qWeRt4Yu']);
    expect(posts(tiles).every((p) => p.author === 'acme')).toBe(true);
  });

  it('mounts the reel page in its action bar and pins on the video', () => {
    const doc = parse(html);
    const page = instagram.findPosts(doc).find((el) => el.localName !== 'a')!;
    expect(instagram.mountPoint(page)).toMatchObject({ placement: 'bar' });
    expect(instagram.mountPoint(page)?.target.querySelector('svg[aria-label="Like"]')).not.toBeNull();
    expect(instagram.mediaElement(page)?.localName).toBe('video');
    expect(instagram.readPost(page, at('/'))).toEqual({ ok: false, reason: 'no-post-id' });
  });
});

describe('the Instagram adapter on the explore grid', () => {
  const html = fixture('explore.html');
  const reads = readAll(parse(html), at('/explore/'));

  it('reads every explore tile once: photos, carousels and reels, small and tall', () => {
    expect(reads).toHaveLength(10);
    expect(reads.every(({ el }) => el.localName === 'a')).toBe(true);
    expect(posts(reads).map((p) => p.postId)).toEqual([
      'DA3vQx8NnB1', 'DQ4kTrLs8Vb', 'DR6nYpWc1Xa', 'DS2hGfDs5Ka', 'DE9rEeLs0a1',
      'DT8jKlPo3Iu', 'DU1mNbVc6Xz', 'DV5qAzSw2Ed', 'DW7rFvTg4Yh', 'DX3uJmIk9Ol',
    ]);
    expect(elementOf(reads, 'DE9rEeLs0a1').getAttribute('href')).toBe('/reel/DE9rEeLs0a1/');
    expect(post(reads, 'DE9rEeLs0a1').url).toBe('https://www.instagram.com/p/DE9rEeLs0a1/');
    // Explore is nobody's profile: the author is known only from `/<user>/p/<code>/` hrefs.
    expect(post(reads, 'DR6nYpWc1Xa').author).toBe('lumen.ceramics');
    expect(post(reads, 'DA3vQx8NnB1').author).toBeNull();
    for (const p of posts(reads)) expect(p).toMatchObject({ caption: null, links: [] });
  });

  it('overlays a tall reel tile on its own cell, not on the column or the link', () => {
    const tile = elementOf(reads, 'DE9rEeLs0a1');
    const point = instagram.mountPoint(tile);
    expect(point?.placement).toBe('overlay');
    expect(point?.target).toBe(tile.parentElement);
    expect(point?.target.childElementCount).toBe(1);
    expect(instagram.mediaElement(tile)).toBe(tile.querySelector('img'));
  });

  it('reads a reel opened from explore in the modal at /reel/<code>/ and keeps reading the grid', async () => {
    const { win, doc } = await openScripted('explore.html', 'https://www.instagram.com/explore/');
    (doc.querySelector('a[href="/reel/DE9rEeLs0a1/"] img') as HTMLElement).click();
    expect(win.location.pathname).toBe('/reel/DE9rEeLs0a1/');
    const found = readAll(doc, new URL(win.location.href));
    const modal = found.find(({ el }) => el.closest('[role="dialog"]'));
    expect(modal?.read.ok && modal.read.post).toMatchObject({ postId: 'DE9rEeLs0a1', author: 'acme' });
    expect(modal && instagram.mediaElement(modal.el)?.localName).toBe('video');
    expect(modal && instagram.mountPoint(modal.el)).toMatchObject({ placement: 'bar' });
    expect(found.filter(({ el }) => el.localName === 'a')).toHaveLength(10);

    win.document.dispatchEvent(new win.KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(doc.querySelector('[role="dialog"]')).toBeNull();
    expect(win.location.pathname).toBe('/explore/');
  });

  it('reads the tiles that infinite scroll appends', async () => {
    const { win, doc } = await openScripted('explore.html', 'https://www.instagram.com/explore/');
    expect((win as unknown as { __igLoadMore: () => number }).__igLoadMore()).toBe(15);
    const ids = posts(readAll(doc, at('/explore/'))).map((p) => p.postId);
    expect(ids).toHaveLength(15);
    expect(new Set(ids).size).toBe(15);
    expect(ids).toContain('EX000000010');
  });
});

describe('the Instagram adapter on feed posts matched by caption or link', () => {
  it('reads the merchant caption and the product URL written in a caption of posts loaded later', async () => {
    const { win, doc } = await openScripted('feed.html', 'https://www.instagram.com/');
    const loadMore = (win as unknown as { __igLoadMore: () => number }).__igLoadMore;
    loadMore();
    loadMore();
    expect(posts(readAll(doc, at('/'))).map((p) => p.postId)).not.toContain('DL4nOrThW1d');
    loadMore();
    const reads = readAll(doc, at('/'));
    expect(post(reads, 'DL4nOrThW1d')).toMatchObject({ author: 'northwindskin', links: [] });
    expect(post(reads, 'DL4nOrThW1d').caption).toContain('Our Overnight Lip Balm goes on before bed');
    expect(post(reads, 'DM7lInKcAp2')).toMatchObject({
      author: 'harbor.kitchen',
      links: ['https://kumotea.example/products/genmaicha?igshid=abc123&utm_source=ig'],
    });
    expect(post(reads, 'DM7lInKcAp2').caption).toContain('https://kumotea.example/products/genmaicha?igshid=abc123&utm_source=ig\n#teatime');
  });
});

describe('the Instagram benchmark site', () => {
  it('builds posts the adapter reads with the ids the benchmark expects', () => {
    const doc = parse(benchSite.shell);
    expect(doc.querySelector('script')).toBeNull();
    const container = doc.querySelector(benchSite.container)!;
    container.innerHTML = [0, 1, 2, 41].map((i) => benchSite.post(i)).join('');
    const reads = readAll(doc, new URL(benchSite.url));
    expect(posts(reads).map((p) => p.postId)).toEqual([0, 1, 2, 41].map((i) => benchSite.postId(i)));
    expect(new Set([0, 1, 2, 41].map((i) => benchSite.postId(i))).size).toBe(4);
    for (const { el } of reads) expect(instagram.mountPoint(el)?.target.localName).toBe('section');
  });
});
