// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { facebook } from '@/utils/sites/facebook';
import { instagram } from '@/utils/sites/instagram';
import { pinterest } from '@/utils/sites/pinterest';
import { tiktok } from '@/utils/sites/tiktok';
import type { SiteAdapter } from '@/utils/sites/types';
import { adapterHarness } from './harness';

// happy-dom lays nothing out: sizes come from the media's width and height attributes, as in a page
// whose pictures have not loaded yet.
const PICTURE = (w: number, h: number): string => `<img alt="" width="${w}" height="${h}" src="data:,">`;

/** The elements a page's posts are read from, with the id each reads as (or its skip reason). */
function readPage(adapter: SiteAdapter, doc: Document): { el: Element; id: string }[] {
  const here = doc.defaultView!.location;
  return adapter.findPosts(doc).map((el) => {
    const read = adapter.readPost(el, here);
    return { el, id: read.ok ? read.post.postId : `(${read.reason})` };
  });
}

const ig = adapterHarness(instagram, 'https://www.instagram.com');

/** A 2026-like post page in markup no selector knows: no article, section, time, roles or labels. */
const IG_UNKNOWN_POST = `<!doctype html><html lang="fa" dir="rtl"><body><main>
  <div class="c1"><div class="c2"><div class="c3">${PICTURE(1080, 1350)}</div></div>
    <div class="c4"><a href="/acme/">${PICTURE(32, 32)}</a><a href="/acme/">acme</a>
      <div><a href="/tidewater.swim/">tidewater.swim</a> <a href="/p/DB5hWz0YcE7/c/18012345678901234/"><span>۲ روز</span></a> عالیه</div>
      <div><a href="/pinecrest.trails/">pinecrest.trails</a> <a href="/p/DB5hWz0YcE7/c/18012345678901235/"><span>۱ روز</span></a> 👏</div>
      <div><a href="/acme/p/DB5hWz0YcE7/"><span>۱۷ نوامبر</span></a></div>
    </div></div>
  <div class="grid"><a href="/acme/p/CT9qRs0TuV1/">${PICTURE(300, 400)}</a><a href="/acme/p/DG4hJk6LmN8/">${PICTURE(300, 400)}</a></div>
</main></body></html>`;

describe('the post a page URL names, in markup no adapter selector knows', () => {
  it('is found once on an Instagram post page from its URL and its dominant picture, however many links point at it', async () => {
    const { doc } = await ig.openHtml(IG_UNKNOWN_POST, 'https://www.instagram.com/p/DB5hWz0YcE7/');
    const read = readPage(instagram, doc);
    expect(read.map((r) => r.id).sort()).toEqual(['CT9qRs0TuV1', 'DB5hWz0YcE7', 'DG4hJk6LmN8']);
    const page = read.find((r) => r.id === 'DB5hWz0YcE7')!.el;
    expect(page.className).toBe('c3');
    expect(instagram.mountPoint(page)).toEqual({ target: page, placement: 'overlay' });
    expect(instagram.mediaElement(page)).toBe(page.querySelector('img'));
    // Scanning again, or near a comment that changed, brings the same one element.
    expect(instagram.findPosts(doc).filter((el) => el === page)).toHaveLength(1);
    expect(instagram.findPostsNear!(doc.querySelector('a[href*="/c/"]')!)).toEqual([page]);
  });

  it('stops being that post once the URL names another page', async () => {
    const { doc, win } = await ig.openHtml(IG_UNKNOWN_POST, 'https://www.instagram.com/p/DB5hWz0YcE7/');
    const page = readPage(instagram, doc).find((r) => r.id === 'DB5hWz0YcE7')!.el;
    win.history.pushState({}, '', '/acme/');
    expect(instagram.readPost(page, win.location as unknown as Location)).toEqual({ ok: false, reason: 'not-page-post' });
    expect(readPage(instagram, doc).map((r) => r.id).sort()).toEqual(['CT9qRs0TuV1', 'DG4hJk6LmN8']);
  });

  it('is looked for in the modal over a grid, not in the share sheet opened over it, and the grid keeps its own tile of the post', async () => {
    const html = `<!doctype html><html><body><main><div class="grid">
        <a href="/capitalminds.in/reel/DV5bI7cSyz9/">${PICTURE(300, 400)}</a><a href="/acme/p/DXLtqF3jKG4/">${PICTURE(300, 400)}</a></div></main>
      <div role="dialog"><div class="box"><div class="player"><video width="720" height="1280"></video></div>
        <div><a href="/capitalminds.in/">${PICTURE(24, 24)}</a><a href="/p/DV5bI7cSyz9/c/18080932484457304/">6 w</a></div></div></div>
      <div role="dialog"><div>${PICTURE(44, 44)} Ncr</div><div>${PICTURE(44, 44)} Riya</div></div>
    </body></html>`;
    const { doc } = await ig.openHtml(html, 'https://www.instagram.com/p/DV5bI7cSyz9/');
    const read = readPage(instagram, doc);
    const modal = read.filter((r) => r.id === 'DV5bI7cSyz9');
    expect(modal).toHaveLength(2);
    expect(modal.map((r) => (r.el.closest('[role="dialog"]') ? 'dialog' : r.el.localName)).sort()).toEqual(['a', 'dialog']);
    expect(modal.find((r) => r.el.closest('[role="dialog"]'))!.el.className).toBe('player');
  });

  it('leaves the page alone when the adapter finds the post itself, or when the URL names no post', async () => {
    const { doc } = await ig.openScripted('post.html', 'https://www.instagram.com/p/DB5hWz0YcE7/');
    const own = readPage(instagram, doc).filter((r) => r.id === 'DB5hWz0YcE7');
    expect(own).toHaveLength(1);
    expect(instagram.mountPoint(own[0]!.el)?.placement).toBe('bar');
    const feed = await ig.openHtml(IG_UNKNOWN_POST, 'https://www.instagram.com/');
    expect(readPage(instagram, feed.doc).map((r) => r.id).sort()).toEqual(['CT9qRs0TuV1', 'DG4hJk6LmN8']);
  });

  it('is found on a Pinterest close-up, a TikTok video page and in the Facebook photo viewer too', async () => {
    const pin = await adapterHarness(pinterest, 'https://www.pinterest.com').openHtml(
      `<!doctype html><html><body><div role="main"><div class="closeup"><div class="img">${PICTURE(564, 846)}</div><h1>Chai at dusk</h1></div>
       <div class="more"><a href="/pin/700380179575094118/">${PICTURE(236, 354)}</a></div></div></body></html>`,
      'https://in.pinterest.com/pin/932808141580948064/',
    );
    expect(readPage(pinterest, pin.doc).map((r) => r.id).sort()).toEqual(['700380179575094118', '932808141580948064']);

    const tt = await adapterHarness(tiktok, 'https://www.tiktok.com').openHtml(
      `<!doctype html><html><body><div class="column"><div class="item">${PICTURE(405, 720)}<a href="/@illojuan">illojuan</a></div>
       <div class="side"><a href="/@lacasa2edicion/video/7583128616267992342">${PICTURE(160, 284)}</a></div></div></body></html>`,
      'https://www.tiktok.com/@illojuan/video/7571863205253778710',
    );
    const videos = readPage(tiktok, tt.doc);
    expect(videos.map((r) => r.id).sort()).toEqual(['7571863205253778710', '7583128616267992342']);
    const page = videos.find((r) => r.id === '7571863205253778710')!.el;
    const read = tiktok.readPost(page, tt.here());
    expect(read.ok && [read.post.author, read.post.url]).toEqual(['illojuan', 'https://www.tiktok.com/@illojuan/video/7571863205253778710']);

    const fb = await adapterHarness(facebook, 'https://www.facebook.com').openHtml(
      `<!doctype html><html><body><div role="main"><p>timeline</p></div>
       <div role="dialog"><div class="stage"><div class="zoom">${PICTURE(960, 720)}</div></div><div class="side"><a href="/profile.php?id=100085028081932">Page</a></div></div></body></html>`,
      'https://www.facebook.com/photo/?fbid=288439180667016&set=a.117960581048211',
    );
    const photo = readPage(facebook, fb.doc);
    expect(photo.map((r) => r.id)).toEqual(['288439180667016']);
    expect(photo[0]!.el.closest('[role="dialog"]')).not.toBeNull();
  });
});
