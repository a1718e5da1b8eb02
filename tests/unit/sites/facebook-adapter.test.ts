// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { authorFromHref, facebook, permalinkFromHref, postIdFromHref } from '@/utils/sites/facebook';
import type { ReadResult } from '@/utils/sites/types';
import { adapterHarness, type Read } from './harness';

const { fixture, parse, at, readAll, posts, post, elementOf, reasons, ids, expectNoNesting, openScripted } = adapterHarness(facebook, 'https://www.facebook.com');

const ID = (n: number): string => `11223344556677${String(n).padStart(2, '0')}`;
const PFBID = 'pfbid02Gm7hQk3nVw8LzR5tYb1XcP4dFs9JqE6aUo2KiW7rNy3HvTl';

/** The unit holding a link to `fragment`, read or not. */
function unitWith(reads: Read[], fragment: string): Read {
  const found = reads.find(({ el }) => el.querySelector(`a[href*="${fragment}"]`));
  if (!found) throw new Error(`no unit links ${fragment}`);
  return found;
}

describe('the Facebook adapter on the news feed', () => {
  const doc = parse(fixture('feed.html'));
  const reads = readAll(doc, at('/'));

  it('finds every feed unit once and reads the posts among them', () => {
    const elements = reads.map((r) => r.el);
    expect(elements).toHaveLength(10);
    expect(new Set(elements).size).toBe(10);
    expect(elements.every((el) => el.hasAttribute('aria-posinset') && !el.hasAttribute('role'))).toBe(true);
    expectNoNesting(elements);
    expect(ids(reads)).toEqual([ID(1), ID(5), ID(6), ID(12), ID(13)]);
    expect(reasons(reads)).toEqual(['no-post-id', 'sponsored', 'suggested', 'suggested', 'suggested']);
  });

  it('reads id, author, caption and canonical url of a page post', () => {
    expect(post(reads, ID(1))).toEqual({
      platform: 'facebook',
      postId: ID(1),
      url: `https://www.facebook.com/acme/posts/${ID(1)}`,
      author: 'acme',
      caption: 'Frost on the tent this morning, and nobody cared because everyone was in fleece. 🏕️\nOur pullover is back in moss, rust and slate. #campmornings',
      links: [],
    });
  });

  it('unwraps the l.facebook.com redirect of a link post and keeps its query string as written', () => {
    expect(post(reads, ID(5))).toMatchObject({
      author: 'dara.quinn.77',
      url: `https://www.facebook.com/dara.quinn.77/posts/${ID(5)}`,
      links: ['https://acme.example/products/drift-sleeping-bag?fbclid=IwAR0abc'],
    });
  });

  it('reads the page vanity name as the author, so a caption naming a product can match', () => {
    const candles = post(reads, ID(6));
    expect(candles.author).toBe('MaisonLuneHome');
    expect(candles.caption).toContain('Beeswax Taper Candles');
    expect(candles.caption?.split('\n')).toHaveLength(2);
  });

  it('reads profile.php ids and group member ids as authors, with their canonical urls', () => {
    expect(post(reads, ID(12))).toMatchObject({
      author: '100087654321098',
      url: `https://www.facebook.com/permalink.php?story_fbid=${ID(12)}&id=100087654321098`,
    });
    expect(post(reads, ID(13))).toMatchObject({
      author: '100082233445566',
      url: `https://www.facebook.com/groups/kumotea.lovers/posts/${ID(13)}/`,
    });
  });

  it('skips the sponsored post, whose photo id and product link would otherwise be read', () => {
    const ad = unitWith(reads, `fbid=${ID(99)}`);
    expect(ad.read).toEqual({ ok: false, reason: 'sponsored' });
    // Without its label it would be a post with a product link: the label is what keeps it out.
    const clone = ad.el.cloneNode(true) as Element;
    clone.querySelector('a[aria-label="Sponsored"]')?.remove();
    doc.body.append(clone);
    const read = facebook.readPost(clone, at('/'));
    clone.remove();
    expect(read.ok && read.post.postId).toBe(ID(99));
    expect(read.ok && read.post.links).toContain('https://acme.example/products/trail-jacket?utm_source=facebook&utm_medium=paid&utm_campaign=winter');
  });

  it('recognises the ad label as an aria-label, an aria-labelledby reference, plain text or scrambled letters', () => {
    const html = fixture('feed.html');
    const variants = {
      // 2022–25: scrambled visible letters, the real word in a hidden element elsewhere in the page.
      labelledby: html
        .replace('<a aria-label="Sponsored"', '<a aria-labelledby="«ad7»"')
        .replace('<div id="portal"></div>', '<div id="portal"><span id="«ad7»" style="display: none">Sponsored</span></div>'),
      // 2019–21 and the mobile site: a plain span.
      text: html.replace(/<a aria-label="Sponsored"[^>]*>.*?<\/a>/, '<span class="xspn">Sponsored</span>'),
      // Letters split by filler, no ARIA at all.
      scrambled: html.replace('<a aria-label="Sponsored"', '<a'),
      // Another language.
      spanish: html.replace('<a aria-label="Sponsored"', '<a aria-label="Patrocinado"').replace(/<b class="x1q7">/g, '<b class="x1q7" data-x="">'),
    };
    for (const [name, variant] of Object.entries(variants)) {
      const vreads = readAll(parse(variant), at('/'));
      expect(unitWith(vreads, `fbid=${ID(99)}`).read, name).toEqual({ ok: false, reason: 'sponsored' });
      expect(ids(vreads), name).toEqual([ID(1), ID(5), ID(6), ID(12), ID(13)]);
    }
  });

  it('reports People you may know, Reels and short videos and Suggested for you as suggested', () => {
    const people = reads.find(({ el }) => el.textContent?.includes('People you may know'));
    const reels = unitWith(reads, '/reel/');
    const suggestedPost = unitWith(reads, `/fernandfigbakery/posts/${ID(19)}`);
    for (const unit of [people, reels, suggestedPost]) expect(unit?.read).toEqual({ ok: false, reason: 'suggested' });
    expect(people && facebook.mountPoint(people.el)).toBeNull();
  });

  it('leaves a post alone until the site fills in its hover-only permalink', async () => {
    expect(unitWith(reads, '/tomas.rivera.52').read).toEqual({ ok: false, reason: 'no-post-id' });
    const { win, doc: live } = await openScripted('feed.html', 'https://www.facebook.com/');
    const unit = readAll(live, at('/')).find(({ el }) => el.querySelector('a[href*="#?"]'))!;
    expect(unit.read).toEqual({ ok: false, reason: 'no-post-id' });
    const time = unit.el.querySelector('a[href*="#?"]')!;
    time.dispatchEvent(new win.MouseEvent('mouseover', { bubbles: true }) as unknown as Event);
    expect(time.getAttribute('href')).toContain(`/tomas.rivera.52/posts/${ID(11)}`);
    expect(facebook.readPost(unit.el, at('/'))).toMatchObject({ ok: true, post: { postId: ID(11), author: 'tomas.rivera.52' } });
  });

  it('mounts a feed post below its action bar and pins on its photo, not on avatars or reaction icons', () => {
    const el = elementOf(reads, ID(1));
    const point = facebook.mountPoint(el);
    expect(point?.placement).toBe('bar');
    expect(point?.target.querySelector('[data-ad-rendering-role="like_button"]')).not.toBeNull();
    expect(point?.target.querySelector('[data-ad-rendering-role="share_button"]')).not.toBeNull();
    // Not inside a link, not inside a button, and not in the comments below.
    expect(point?.target.closest('a, [role="button"], [role="article"]')).toBeNull();
    const media = facebook.mediaElement(el);
    expect(media?.localName).toBe('img');
    expect(media?.getAttribute('alt')).toContain('fleece pullovers');
  });

  it('pins a link post on its preview image', () => {
    const media = facebook.mediaElement(elementOf(reads, ID(5)));
    expect(media?.closest('a')?.getAttribute('href')).toContain('l.facebook.com/l.php');
  });

  it('keeps comments out of the post: no post of their own, no caption, no links', () => {
    const el = elementOf(reads, ID(1));
    expect(el.querySelectorAll('[role="article"]').length).toBeGreaterThan(0);
    expect(post(reads, ID(1)).caption).not.toContain('Rust one please');
  });

  it('finds the post around a subtree and a single post passed as the root', () => {
    const el = elementOf(reads, ID(6));
    expect(facebook.findPosts(el)).toEqual([el]);
    expect(facebook.findPosts(el.querySelector('[data-ad-rendering-role="like_button"]')!)).toEqual([el]);
  });
});

describe('the Facebook adapter with infinite scroll', () => {
  it('finds units appended by infinite scroll and drops the ones virtualized away', async () => {
    const { win, doc } = await openScripted('feed.html', 'https://www.facebook.com/');
    const loadMore = (win as unknown as { __fbLoadMore: () => number }).__fbLoadMore;
    expect(loadMore()).toBe(12);
    let reads = readAll(doc, at('/'));
    expect(reads).toHaveLength(12);
    expect(ids(reads)).toEqual([ID(5), ID(6), ID(12), ID(13), ID(3), ID(14), ID(15), ID(16)]);
    expect(loadMore()).toBe(12);
    reads = readAll(doc, at('/'));
    expect(ids(reads)).toEqual([ID(12), ID(13), ID(3), ID(14), ID(15), ID(16), ID(17), ID(18), '1122334455668006', '1122334455668007']);
    expect(reasons(reads)).toEqual(['suggested', 'suggested']);
  });

  it('reads a shared post by its own id and author, not those of the post it shares', async () => {
    const { win, doc } = await openScripted('feed.html', 'https://www.facebook.com/');
    (win as unknown as { __fbLoadMore: () => number }).__fbLoadMore();
    const reads = readAll(doc, at('/'));
    const shared = elementOf(reads, ID(14));
    expect(shared.querySelector(`a[href*="/acme/posts/${ID(1)}"]`)).not.toBeNull();
    expect(post(reads, ID(14))).toMatchObject({
      author: '100091234567890',
      caption: 'Need this for the ridge weekend.',
      url: `https://www.facebook.com/permalink.php?story_fbid=${ID(14)}&id=100091234567890`,
    });
    expect(facebook.mediaElement(shared)?.getAttribute('alt')).toContain('fleece pullovers');
  });

  it('reads a video post by its /videos/ permalink and keeps it a feed post with an action bar', async () => {
    const { win, doc } = await openScripted('feed.html', 'https://www.facebook.com/');
    (win as unknown as { __fbLoadMore: () => number }).__fbLoadMore();
    const reads = readAll(doc, at('/'));
    const video = elementOf(reads, ID(16));
    expect(video.querySelector('[data-video-id]')).not.toBeNull();
    expect(post(reads, ID(16))).toMatchObject({ author: 'TidewaterSwimClub', url: `https://www.facebook.com/TidewaterSwimClub/videos/${ID(16)}/` });
    expect(facebook.mountPoint(video)?.placement).toBe('bar');
    expect(facebook.mediaElement(video)?.localName).toBe('video');
  });
});

describe('the Facebook adapter on a page timeline', () => {
  const doc = parse(fixture('page.html'));
  const reads = readAll(doc, at('/acme'));

  it('reads the page posts in 2024 markup (role="article" with aria-posinset)', () => {
    expect(reads.every(({ el }) => el.getAttribute('role') === 'article' && el.hasAttribute('aria-posinset'))).toBe(true);
    expect(ids(reads)).toEqual([ID(1), ID(2), ID(20), ID(21)]);
    for (const p of posts(reads)) expect(p.author).toBe('acme');
  });

  it('reads a photo post by the fbid of its photo permalink', () => {
    expect(post(reads, ID(2))).toMatchObject({
      url: `https://www.facebook.com/photo/?fbid=${ID(2)}`,
      caption: 'Camp dinner, plated properly for once: stoneware that survives the back of the van.',
    });
    expect(facebook.mediaElement(elementOf(reads, ID(2)))?.getAttribute('alt')).toContain('stoneware plate');
  });

  it('leaves the cover photo, the intro and the photo tiles alone', () => {
    for (const { el } of reads) expect(el.closest('[data-pagelet^="ProfileTilesFeed"], [data-pagelet="ProfileCover"]')).toBeNull();
    // An album post reads as the post, not as one of its photos.
    expect(post(reads, ID(21)).url).toBe(`https://www.facebook.com/acme/posts/${ID(21)}`);
  });

  it('opens the photo viewer by pushState and reads it from its permalink, then the next photo, then closes', async () => {
    const { doc: live, here } = await openScripted('page.html', 'https://www.facebook.com/acme');
    (live.querySelector(`[role="article"] a[href^="/photo/?fbid=${ID(2)}"] img`) as HTMLElement).click();
    expect(here().pathname + here().search).toBe(`/photo/?fbid=${ID(2)}&set=a.3344556677002`);

    let reads = readAll(live, here());
    const viewer = reads.find(({ el }) => el.getAttribute('role') === 'dialog')!;
    expect(viewer.read).toMatchObject({
      ok: true,
      post: { postId: ID(2), author: 'acme', caption: 'Camp dinner, plated properly for once: stoneware that survives the back of the van.', links: [] },
    });
    // The timeline behind the viewer is still read, post by post.
    expect(ids(reads)).toEqual([ID(1), ID(2), ID(20), ID(21), ID(2)]);
    const point = facebook.mountPoint(viewer.el);
    expect(point?.placement).toBe('bar');
    expect(point?.target.closest('[role="complementary"]')).not.toBeNull();
    expect(facebook.mediaElement(viewer.el)?.getAttribute('data-visualcompletion')).toBe('media-vc-image');

    // Next photo: the same dialog shows another photo under another URL.
    (viewer.el.querySelector('[aria-label="Next photo"]') as HTMLElement).click();
    expect(here().searchParams.get('fbid')).toBe(ID(22));
    reads = readAll(live, here());
    const next = reads.find(({ el }) => el.getAttribute('role') === 'dialog')!;
    expect(next.el).toBe(viewer.el);
    expect(next.read).toMatchObject({ ok: true, post: { postId: ID(22), caption: 'Morning coffee at camp, stove on before the sun was up.' } });

    (viewer.el.querySelector('[aria-label="Close"]') as HTMLElement).click();
    expect(here().pathname).toBe('/acme');
    expect(live.querySelector('[role="dialog"]')).toBeNull();
  });
});

describe('the Facebook adapter on the photo viewer page', () => {
  const doc = parse(fixture('photo.html'));
  const url = at(`/photo/?fbid=${ID(2)}&set=a.3344556677002`);

  it('reads the viewer loaded at /photo/ and the timeline behind it', () => {
    const reads = readAll(doc, url);
    expect(ids(reads)).toEqual([ID(20), ID(21), ID(2)]);
    expect(reads[2]?.el.getAttribute('aria-label')).toBe('Photo Viewer');
  });

  it('falls back to the page URL when the viewer shows no permalink', () => {
    const copy = parse(fixture('photo.html'));
    const viewer = copy.querySelector('[role="dialog"]')!;
    for (const a of Array.from(viewer.querySelectorAll('a[href*="fbid="]'))) a.remove();
    expect(facebook.readPost(viewer, url)).toMatchObject({ ok: true, post: { postId: ID(2), url: `https://www.facebook.com/photo/?fbid=${ID(2)}` } });
    expect(facebook.readPost(viewer, at('/acme'))).toEqual({ ok: false, reason: 'no-post-id' });
  });

  it('closes with Escape back to the page timeline', async () => {
    const { win, doc: live, here } = await openScripted('photo.html', url.href);
    live.dispatchEvent(new win.KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }) as unknown as Event);
    expect(here().searchParams.get('fbid')).toBe(ID(22));
    win.dispatchEvent(new win.KeyboardEvent('keydown', { key: 'Escape' }));
    expect(here().pathname).toBe('/acme');
    expect(ids(readAll(live, here()))).toEqual([ID(20), ID(21)]);
  });
});

describe('the Facebook adapter on a profile timeline', () => {
  const doc = parse(fixture('profile.html'));
  const reads = readAll(doc, at('/profile.php?id=100091234567890'));

  it('reads every post of a person’s timeline with the profile id as author, not the loading placeholders', () => {
    expect(ids(reads)).toEqual([ID(23), PFBID, ID(24), ID(25), ID(26)]);
    expect(reasons(reads)).toEqual([]);
    for (const p of posts(reads)) expect(p.author).toBe('100091234567890');
    expect(doc.querySelectorAll('[data-pagelet="ProfileTimeline"] > [role="article"]')).toHaveLength(2);
  });

  it('uses the opaque pfbid id where no numeric id is shown', () => {
    expect(post(reads, PFBID)).toMatchObject({
      url: `https://www.facebook.com/permalink.php?story_fbid=${PFBID}&id=100091234567890`,
      caption: 'Home again. The laundry mountain has its own weather system.',
    });
  });

  it('collects a caption URL once, unwrapped, though the text shows it shortened', () => {
    const blog = post(reads, ID(24));
    expect(blog.caption).toContain('hollowcreek.example/journal/snow-camp…');
    expect(blog.links).toEqual(['https://hollowcreek.example/journal/snow-camping-notes?ref=fb']);
  });

  it('reads a share by its own id and leaves a post without text captionless', () => {
    expect(post(reads, ID(26)).caption).toBe('Layering season.');
    expect(post(reads, ID(23)).caption).toBeNull();
  });
});

describe('the Facebook adapter on a group feed (2022 markup)', () => {
  const doc = parse(fixture('group.html'));
  const reads = readAll(doc, at('/groups/kumotea.lovers/'));

  it('reads the posts of a role="feed" whose articles have no aria-posinset', () => {
    expect(doc.querySelector('[role="feed"] [aria-posinset]')).toBeNull();
    expect(reads.every(({ el }) => el.getAttribute('role') === 'article' && el.closest('[role="feed"]'))).toBe(true);
    expect(ids(reads)).toEqual([ID(3), ID(27), ID(28)]);
    expect(post(reads, ID(3))).toMatchObject({
      author: '100064412345678',
      url: `https://www.facebook.com/groups/kumotea.lovers/posts/${ID(3)}/`,
    });
    expect(post(reads, ID(3)).caption).toContain('First flush from Uji');
  });

  it('reads the older /groups/<group>/permalink/<id>/ links to the same canonical url', () => {
    expect(post(reads, ID(28)).url).toBe(`https://www.facebook.com/groups/kumotea.lovers/posts/${ID(28)}/`);
  });

  it('does not take comments, also role="article", for posts', () => {
    const withComments = elementOf(reads, ID(27));
    expect(withComments.querySelector('[role="article"][aria-label^="Comment by"]')).not.toBeNull();
    expect(reads).toHaveLength(3);
    expect(facebook.mountPoint(withComments)?.target.closest('[role="article"]')).toBe(withComments);
  });
});

describe('the Facebook adapter on the reels viewer', () => {
  it('reads the reel card by its video id and mounts over the player', () => {
    const doc = parse(fixture('reel.html'));
    const reads = readAll(doc, at(`/reel/${ID(4)}`));
    expect(reads).toHaveLength(1);
    expect(post(reads, ID(4))).toEqual({
      platform: 'facebook',
      postId: ID(4),
      url: `https://www.facebook.com/reel/${ID(4)}`,
      author: 'NorthwindSkincare',
      caption: 'Sixty-second morning routine: one pump, lukewarm water, done. #skincare',
      links: [],
    });
    const el = elementOf(reads, ID(4));
    const point = facebook.mountPoint(el);
    expect(point).toEqual({ target: el.querySelector('[data-video-id]'), placement: 'overlay' });
    expect(point?.target.closest('a')).toBeNull();
    expect(facebook.mediaElement(el)?.localName).toBe('video');
  });

  it('falls back to the /reel/ URL when the card carries no usable id', () => {
    const doc = parse(fixture('reel.html'));
    const card = facebook.findPosts(doc)[0]!;
    card.querySelector('[data-video-id]')!.setAttribute('data-video-id', '');
    expect(facebook.readPost(card, at(`/reel/${ID(4)}/?s=fb_shorts_tab`))).toMatchObject({ ok: true, post: { postId: ID(4) } });
    expect(facebook.readPost(card, at('/'))).toEqual({ ok: false, reason: 'no-post-id' });
  });

  it('moves to the next reel by pushState and back, one card at a time', async () => {
    const { doc, here } = await openScripted('reel.html', `https://www.facebook.com/reel/${ID(4)}`);
    (doc.querySelector('[aria-label="Next card"]') as HTMLElement).click();
    expect(here().pathname).toBe(`/reel/${ID(29)}`);
    expect(ids(readAll(doc, here()))).toEqual([ID(29)]);
    (doc.querySelector('[aria-label="Previous card"]') as HTMLElement).click();
    expect(here().pathname).toBe(`/reel/${ID(4)}`);
    expect(posts(readAll(doc, here()))).toMatchObject([{ postId: ID(4), author: 'NorthwindSkincare' }]);
  });

  it('renders the reel of the URL when loaded at another reel', async () => {
    const { doc, here } = await openScripted('reel.html', `https://www.facebook.com/reel/${ID(30)}`);
    expect(posts(readAll(doc, here()))).toMatchObject([{ postId: ID(30), author: 'HollowCreekCamp' }]);
  });
});

describe('the Facebook adapter on odd markup', () => {
  it('gives a reason instead of throwing for malformed elements', () => {
    document.body.innerHTML = `
      <div id="empty" aria-posinset="1"></div>
      <div id="garbage" aria-posinset="2"><a href="javascript:alert('/acme/posts/1122334455667701')">x</a>
        <a href="https://evil.example/acme/posts/1122334455667701">x</a><a href="http://[::1">broken</a>
        <a href="/acme/posts/not-an-id">bad id</a><a href="/photo/?fbid=12">short</a><h2><a href="/watch/">Watch</a></h2></div>
      <div id="dialog" role="dialog"><img data-visualcompletion="media-vc-image" src="x"></div>
      <div id="video"><div data-video-id="abc"><video></video></div></div>`;
    const loc = at('/');
    for (const id of ['empty', 'garbage', 'dialog', 'video']) {
      const el = document.getElementById(id)!;
      let read: ReadResult | undefined;
      expect(() => (read = facebook.readPost(el, loc))).not.toThrow();
      expect(read?.ok).toBe(false);
      expect(() => facebook.mountPoint(el)).not.toThrow();
      expect(() => facebook.mediaElement(el)).not.toThrow();
    }
    expect(facebook.readPost(document.getElementById('garbage')!, loc)).toEqual({ ok: false, reason: 'no-post-id' });
    expect(facebook.mountPoint(document.getElementById('garbage')!)).toBeNull();
    const detached = document.createElement('div');
    detached.setAttribute('aria-posinset', '1');
    detached.innerHTML = '<a href="/acme/posts/1122334455667701">2h</a>';
    expect(facebook.readPost(detached, loc)).toEqual({ ok: false, reason: 'detached' });
    expect(facebook.findPosts(document.createDocumentFragment())).toEqual([]);
  });

  it('finds the action bar by its shape when the labels are in another language', () => {
    const html = fixture('feed.html')
      .replace(/ data-ad-rendering-role="(like|comment|share)_button"/g, '')
      .replace(/aria-label="Like"/g, 'aria-label="Me gusta"')
      .replace(/aria-label="Leave a comment"/g, 'aria-label="Comentar"')
      .replace(/aria-label="Send this to friends[^"]*"/g, 'aria-label="Enviar"');
    const reads = readAll(parse(html), at('/'));
    expect(ids(reads)).toEqual([ID(1), ID(5), ID(6), ID(12), ID(13)]);
    const point = facebook.mountPoint(elementOf(reads, ID(1)));
    expect(point?.placement).toBe('bar');
    expect(point?.target.querySelector('[aria-label="Me gusta"]')).not.toBeNull();
    expect(point?.target.querySelector('[aria-label="Enviar"]')).not.toBeNull();
  });

  it('reads the 2025 feed when its items carry role="article" as the 2021–24 ones did', () => {
    const html = fixture('feed.html').replace(/<div aria-posinset="(\d+)"/g, '<div role="article" aria-posinset="$1"');
    expect(ids(readAll(parse(html), at('/')))).toEqual([ID(1), ID(5), ID(6), ID(12), ID(13)]);
  });
});

describe('Facebook permalinks and authors in hrefs', () => {
  it('reads post ids from every permalink style', () => {
    const cases: [string, string, string][] = [
      [`/acme/posts/${ID(1)}?__cft__[0]=AZU&__tn__=%2CO%2CP-R`, ID(1), `https://www.facebook.com/acme/posts/${ID(1)}`],
      [`https://www.facebook.com/acme/posts/${ID(1)}/?comment_id=99`, ID(1), `https://www.facebook.com/acme/posts/${ID(1)}`],
      [`/acme/posts/${PFBID}`, PFBID, `https://www.facebook.com/acme/posts/${PFBID}`],
      [`/permalink.php?story_fbid=${ID(12)}&id=100087654321098`, ID(12), `https://www.facebook.com/permalink.php?story_fbid=${ID(12)}&id=100087654321098`],
      [`https://web.facebook.com/story.php?story_fbid=${PFBID}&id=1000`, PFBID, `https://www.facebook.com/permalink.php?story_fbid=${PFBID}`],
      [`/photo/?fbid=${ID(2)}&set=a.3344556677002`, ID(2), `https://www.facebook.com/photo/?fbid=${ID(2)}`],
      [`/photo.php?fbid=${ID(2)}&set=a.1&type=3`, ID(2), `https://www.facebook.com/photo/?fbid=${ID(2)}`],
      [`/acme/photos/a.3344556677002/${ID(2)}/`, ID(2), `https://www.facebook.com/photo/?fbid=${ID(2)}`],
      [`/groups/kumotea.lovers/posts/${ID(3)}/`, ID(3), `https://www.facebook.com/groups/kumotea.lovers/posts/${ID(3)}/`],
      [`/groups/kumotea.lovers/permalink/${ID(28)}/`, ID(28), `https://www.facebook.com/groups/kumotea.lovers/posts/${ID(28)}/`],
      [`/reel/${ID(4)}/?s=fb_shorts_tab`, ID(4), `https://www.facebook.com/reel/${ID(4)}`],
      [`/watch/?v=${ID(16)}`, ID(16), `https://www.facebook.com/watch/?v=${ID(16)}`],
      [`/TidewaterSwimClub/videos/${ID(16)}/`, ID(16), `https://www.facebook.com/TidewaterSwimClub/videos/${ID(16)}/`],
    ];
    for (const [href, id, url] of cases) expect(permalinkFromHref(href), href).toEqual({ id, url });
  });

  it('rejects everything that is not a Facebook post link', () => {
    for (const href of [null, '', '/', '/acme', '/acme/posts/', '/watch/?ref=tab', '/reel/?s=tab', '/photo/?fbid=12', '/hashtag/sencha?__eep__=6',
      '/?__cft__[0]=AZU0ph&__tn__=%2CO%2CP-R#?kq7', '/groups/kumotea.lovers/', '/groups/kumotea.lovers/user/100082233445566/', '/marketplace/item/1122334455667701/',
      `https://evil.example/acme/posts/${ID(1)}`, `javascript:alert('/acme/posts/${ID(1)}')`, `https://l.facebook.com/l.php?u=%2Facme%2Fposts%2F${ID(1)}`, 'http://[::1']) {
      expect(postIdFromHref(href), String(href)).toBeNull();
    }
  });

  it('reads account handles from vanity, profile.php, people and group member links only', () => {
    expect(authorFromHref('/MaisonLuneHome?__cft__[0]=AZU&__tn__=-UC%2CP-R')).toBe('MaisonLuneHome');
    expect(authorFromHref('https://www.facebook.com/acme/')).toBe('acme');
    expect(authorFromHref('/profile.php?id=100091234567890&sk=photos')).toBe('100091234567890');
    expect(authorFromHref('/people/Lena-Marsh/100091234567890/')).toBe('100091234567890');
    expect(authorFromHref('/groups/kumotea.lovers/user/100064412345678/')).toBe('100064412345678');
    expect(authorFromHref('/pg/KumoTeaWorks/posts/')).toBe('KumoTeaWorks');
    for (const href of ['/', '/watch/', '/groups/kumotea.lovers/', '/hashtag/sencha', '/acme/posts/1122334455667701', '/profile.php', 'https://evil.example/acme', '/l.php?u=x']) {
      expect(authorFromHref(href), href).toBeNull();
    }
  });
});
