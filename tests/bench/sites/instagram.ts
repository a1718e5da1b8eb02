/**
 * Instagram for the benchmark: the home feed shell of tests/fixtures/instagram/feed.html without
 * its posts and scripts, and feed articles in the same markup as that fixture (header row with the
 * `/p/<code>/` timestamp permalink, media, <section> action bar with 24px icons, caption).
 */
import type { BenchSite } from '../site';

const svgUri = (svg: string): string => `data:image/svg+xml,${encodeURIComponent(svg)}`;

const USERS = ['harbor.knits', 'lumen.ceramics', 'tidewater.swim', 'moss.and.stone', 'pinecrest.trails', 'fern.and.fig'] as const;

const AVATARS = USERS.map((user, i) =>
  svgUri(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="32" fill="hsl(${i * 60},45%,55%)"/><text x="32" y="42" fill="#fff" font-family="sans-serif" font-size="28" text-anchor="middle">${user[0]!.toUpperCase()}</text></svg>`,
  ),
);
const PHOTOS = Array.from({ length: 12 }, (_, i) =>
  svgUri(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1080 1350"><rect width="1080" height="1350" fill="hsl(${i * 30},35%,84%)"/><circle cx="540" cy="405" r="108" fill="hsl(${(i * 30 + 170) % 360},40%,32%)"/></svg>`,
  ),
);

const PATHS: Record<string, string> = {
  Like: '<path d="M12 20.6 4.5 13.2a4.8 4.8 0 0 1 6.8-6.8l.7.7.7-.7a4.8 4.8 0 0 1 6.8 6.8Z" fill="none" stroke="currentColor" stroke-width="2"/>',
  Comment: '<path d="M20.6 16.7A9 9 0 1 0 16.9 20.4l4.6 1.1Z" fill="none" stroke="currentColor" stroke-linejoin="round" stroke-width="2"/>',
  Share: '<path d="M21.5 2.5 10.3 13.7m11.2-11.2-6.6 19-4.6-7.8-7.8-4.6Z" fill="none" stroke="currentColor" stroke-linejoin="round" stroke-width="2"/>',
  Save: '<path d="M19 21.5 12 15l-7 6.5v-19h14Z" fill="none" stroke="currentColor" stroke-linejoin="round" stroke-width="2"/>',
  'More options': '<circle cx="5" cy="12" r="1.6"/><circle cx="12" cy="12" r="1.6"/><circle cx="19" cy="12" r="1.6"/>',
};
const icon = (label: string, size = 24): string =>
  `<svg aria-label="${label}" class="x1lk x1n2 x5n0" fill="currentColor" height="${size}" role="img" viewBox="0 0 24 24" width="${size}"><title>${label}</title>${PATHS[label] ?? ''}</svg>`;
const button = (label: string): string => `<div class="x1i1 x6s0 xbtn" role="button" tabindex="0">${icon(label)}</div>`;
const userLink = (user: string): string =>
  `<span class="xt0p"><a class="x1i1 _a6hd" href="/${user}/" role="link" tabindex="0"><span class="_ap3a _aac7" dir="auto">${user}</span></a></span>`;

const CSS = `html,body{margin:0;background:#fff;color:#000;font:14px/18px -apple-system,"system-ui","Segoe UI",Roboto,Helvetica,Arial,sans-serif}
a{color:inherit;text-decoration:none}ul{list-style:none;margin:0;padding:0}
.x9f6{box-sizing:border-box}.x78z{display:flex}.xdt5{flex-direction:column}.x6s0{align-items:center}.x1iy{flex:1 1 auto;min-width:0}
.x1lk{display:block}.x1n2{position:relative}.x10l{position:absolute;inset:0}.xh8y{width:100%}.x5yr{height:100%}.xu96{object-fit:cover}
.x1i1{cursor:pointer;background:none;border:0;padding:0;color:inherit;font:inherit}.xt0p{display:inline}._aac7,._a6hd{font-weight:600}
.x1ro{color:#737373;font-size:12px}.xrnd{display:block;width:100%;height:100%;border-radius:50%}.x5n0{display:block}
.xmn{display:flex;flex-direction:column;align-items:center;padding:16px 0}.xfed{width:470px;max-width:100%}
.xart{border-bottom:1px solid #dbdbdb;padding-bottom:12px;margin-bottom:16px}.xhd{gap:10px;padding:8px 4px 12px}.xav{display:block;flex-shrink:0;border-radius:50%;overflow:hidden}
.xsep{margin:0 4px;color:#737373}.xbtn{display:flex;padding:8px}.xmed{overflow:hidden;border-radius:4px;border:1px solid #dbdbdb}
.xbar{padding:4px 0}.xsav{margin-inline-start:auto}.xlk{padding:0 4px;font-weight:600}.xcap,.xcom{padding:4px}.xmor,.xcom{color:#737373}`;

export const site: BenchSite = {
  platform: 'instagram',
  url: 'https://www.instagram.com/',
  shell: `<!DOCTYPE html>
<html class="_9dls js-focus-visible" lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Instagram</title>
<style>
${CSS}
</style>
</head>
<body class="x1a4 _a3wf">
<div id="mount_0_0_Qz"><div class="x1n2 xapp"><div class="xsec"><section class="x78z xdt5"><main class="xmn" role="main">
<div class="x78z xdt5 x6s0"><div class="x1lk xfed"></div></div>
</main></section></div></div></div>
<div id="portal"></div>
</body>
</html>
`,
  container: 'main .xfed',
  feed: {
    batch: 12,
    aheadPx: 900,
    basis:
      'no saved home feed; the home feed pages through the timeline about 12 posts at a time and renders a page when the last post is about one viewport below the fold (saved profile grid: 3 rows of tiles rendered, grid pages of 12)',
  },
  postId: (i) => `BN${String(i).padStart(9, '0')}`,
  post(i, link) {
    const code = site.postId(i);
    const n = USERS.length;
    const user = USERS[i % n]!;
    const avatar = AVATARS[i % n]!;
    return `<article class="x1lk x1n2 xh8y xart" tabindex="-1"><div class="x9f6 x78z xdt5">
<div class="x6s0 x78z xhd"><a class="x1i1 xav" href="/${user}/" role="link" tabindex="0" style="height: 32px; width: 32px;"><img alt="${user}'s profile picture" class="x5yr xrnd" draggable="false" src="${avatar}"></a><div class="x1iy xs83"><div class="x6s0 x78z">${userLink(user)}<span class="x1rg xsep" aria-hidden="true">•</span><a class="x1i1 x1ro" href="/p/${code}/" role="link" tabindex="0"><span class="x1ro"><time class="x1p4" datetime="2026-11-18T10:00:00.000Z" title="November 18, 2026">2d</time></span></a></div><div class="x1ro xo1l"><span class="x1lk" dir="auto"></span></div></div>${button('More options')}</div>
<div class="x1lk x1n2 xh8y"><div class="x1i1 x1qj" role="button" tabindex="-1"><div class="x1n2 xmed"><div class="x1lk x1n2" style="padding-bottom: 125%;"><img alt="Photo shared by ${user}." class="x5yr xu96 x10l xh8y" crossorigin="anonymous" decoding="auto" src="${PHOTOS[i % PHOTOS.length]!}" style="object-fit: cover;"></div></div></div></div>
<div class="x1lk xjkv"><section class="x6s0 x78z xbar"><span class="x1rg">${button('Like')}</span><span class="x1rg">${button('Comment')}</span><span class="x1rg">${button('Share')}</span><span class="x1rg xsav">${button('Save')}</span></section>
<section class="x12n xlk"><div class="x1i1" role="button" tabindex="0"><span class="x193" dir="auto"><span class="html-span">${100 + (i % 900)}</span> likes</span></div></section>
<div class="x9f6 xcap"><span class="x1lk x193" dir="auto">${userLink(user)} <span class="_ap3a _aacu" dir="auto">Notes from the studio, part ${i}.${link ? ` ${link}` : ''}<br><a class="x1i1 xlnk" href="/explore/tags/studio/" role="link" tabindex="0">#studio</a></span></span><span class="x1lk xmor" role="button" tabindex="0">… more</span></div>
<div class="x9f6 xcom"><a class="x1i1 x1ro" href="/p/${code}/" role="link" tabindex="0"><span dir="auto">View all ${i % 40} comments</span></a></div>
</div></div></article>`;
  },
};
