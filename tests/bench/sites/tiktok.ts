/**
 * TikTok for the benchmark: the For You shell of tests/fixtures/tiktok/foryou.html without its
 * items and scripts, and feed items in the same 2024–26 markup as that fixture: an
 * `article[data-e2e="recommend-list-item-container"]` whose video id is only in the player's
 * `id="xgwrapper-<slot>-<id>"`, the media card with creator line and description, the action column
 * with the avatar link.
 */
import type { BenchSite } from '../site';

const svgUri = (svg: string): string => `data:image/svg+xml,${encodeURIComponent(svg)}`;

const USERS = ['trailmix.theo', 'tidepool.tess', 'saltwater.studio', 'harbor.knits', 'fern.and.fig', 'quiet.kettle'] as const;

const AVATARS = USERS.map((user, i) =>
  svgUri(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="32" fill="hsl(${i * 60},50%,48%)"/><text x="32" y="42" fill="#fff" font-family="sans-serif" font-size="28" text-anchor="middle">${user[0]!.toUpperCase()}</text></svg>`,
  ),
);
const POSTERS = Array.from({ length: 12 }, (_, i) =>
  svgUri(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 540 960"><rect width="540" height="960" fill="hsl(${i * 30},40%,22%)"/><circle cx="270" cy="330" r="96" fill="hsl(${(i * 30 + 150) % 360},55%,62%)"/></svg>`,
  ),
);

// Emotion-style class names as in the fixture: `css-<hash>-<build>--<Component> e<hash>0`.
const h6 = (s: string): string => {
  let h = 5381;
  for (const c of s) h = ((h * 33) ^ c.charCodeAt(0)) >>> 0;
  return h.toString(36).padStart(6, '0').slice(-6);
};
const cx = (name: string): string => `css-${h6(name)}-3f9c2d1a--${name} e${h6(name + '~').slice(-5)}0`;
const first = (name: string): string => '.' + cx(name).split(' ')[0];

const PATHS: Record<string, string> = {
  heart: '<path d="M24 42S9 32.8 9 22a8.5 8.5 0 0 1 15-5.4A8.5 8.5 0 0 1 39 22c0 10.8-15 20-15 20Z"/>',
  comment: '<path d="M24 8C14 8 6 14.6 6 22.8c0 5 3 9.4 7.6 12.1L12 41l7.6-3.6c1.4.3 2.9.4 4.4.4 10 0 18-6.6 18-14.9S34 8 24 8Z"/>',
  bookmark: '<path d="M13 6h22v36l-11-8-11 8Z"/>',
  share: '<path d="M26 8v9C13 18 8 27 7 38c4-6 10-9 19-9v9l15-15Z"/>',
  plus: '<path d="M24 12v24M12 24h24" fill="none" stroke="currentColor" stroke-width="4" stroke-linecap="round"/>',
};
const icon = (name: string, size = 24): string =>
  `<svg fill="currentColor" viewBox="0 0 48 48" xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">${PATHS[name] ?? ''}</svg>`;
const action = (label: string, e2e: string, iconName: string, count: string): string =>
  `<button type="button" aria-label="${label}" aria-pressed="false" class="${cx('ButtonActionItem')}"><span data-e2e="${e2e}-icon" class="${cx('SpanIconWrapper')}">${icon(iconName)}</span><strong data-e2e="${e2e}-count" class="${cx('StrongText')}">${count}</strong></button>`;

const CSS = `html,body{margin:0;background:#121212;color:rgba(255,255,255,.9);font:15px/1.4 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
*,*::before,*::after{box-sizing:border-box}a{color:inherit;text-decoration:none}p{margin:0}button{font:inherit;color:inherit;background:none;border:0;padding:0}
${first('DivColumnListContainer')}{display:flex;flex-direction:column;align-items:center}
${first('ArticleItemContainer')}{height:690px;width:100%;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:8px;padding:16px 0}
${first('DivContentFlexLayout')}{display:flex;align-items:flex-end;gap:16px}
${first('SectionMediaCardContainer')}{position:relative;width:338px;height:600px;border-radius:16px;overflow:hidden;background:#000}
${first('CanvasMediaCardPlaceholder')}{display:block;width:100%;height:100%;visibility:hidden}
${first('BasePlayerContainer')},${first('DivContainer')},${first('Box')},${first('DivBasicPlayerWrapper')},.xgplayer-container,.xgplayer-container>div{position:absolute;inset:0}
${first('ImgPoster')},${first('VideoBasic')}{position:absolute;inset:0;width:100%;height:100%;object-fit:cover;display:block}
${first('DivMediaCardOverlayBottom')}{position:absolute;inset:auto 0 0;padding:48px 16px 40px;background:linear-gradient(transparent,rgba(0,0,0,.6));color:#fff}
${first('SectionActionBarContainer')}{display:flex;flex-direction:column;align-items:center;gap:12px}
${first('ImgAvatar')}{display:block;width:48px;height:48px;border-radius:50%}
${first('ButtonActionItem')}{display:flex;flex-direction:column;align-items:center;gap:4px;font-size:12px;font-weight:700}`;

export const site: BenchSite = {
  platform: 'tiktok',
  url: 'https://www.tiktok.com/foryou',
  shell: `<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TikTok - Make Your Day</title>
<style>
${CSS}
</style>
</head>
<body>
<div id="app"><div class="${cx('BaseBodyContainer')}">
<main id="main-content-homepage_hot" class="${cx('DivMainContainer')}"><div id="column-list-container" class="${cx('DivColumnListContainer')}"></div></main>
</div></div>
<div id="portal-root"></div>
</body>
</html>
`,
  container: '#column-list-container',
  feed: {
    batch: 1,
    aheadPx: 345,
    basis:
      'saved video page (2025): items 0 and 1 rendered, items 2 to 11 empty placeholders; the next item is filled when the current one snaps into view, taken here as half an item (345 px) below the fold',
  },
  // 19-digit ids like real video ids, unique per index.
  postId: (i) => `7439${String(i).padStart(15, '0')}`,
  post(i, link) {
    const id = site.postId(i);
    const n = USERS.length;
    const user = USERS[i % n]!;
    const likes = String(100 + (i % 900));
    return `<article id="one-column-item-${i}" data-scroll-index="${i}" shape="vertical" data-e2e="recommend-list-item-container" class="${cx('ArticleItemContainer')}"><div class="${cx('DivContentFlexLayout')}">
<section id="media-card-${i}" shape="vertical" tabindex="0" role="button" aria-label="Watch in full screen" data-e2e="feed-video" class="${cx('SectionMediaCardContainer')}"><canvas width="56.25" height="100" class="${cx('CanvasMediaCardPlaceholder')}"></canvas><div class="${cx('BasePlayerContainer')}"><div mode="0" class="${cx('DivContainer')}"><div class="${cx('Box')}"><span><picture><img alt="Notes from the studio, part ${i}. #studio" fetchpriority="auto" decoding="async" src="${POSTERS[i % POSTERS.length]!}" class="${cx('ImgPoster')}"></picture></span></div><div class="${cx('DivBasicPlayerWrapper')}"><div id="xgwrapper-${i}-${id}" class="xgplayer-container tiktok-web-player"><div><video data-version="0.3.56" preload="none" playsinline="" muted="" class="${cx('VideoBasic')}"></video><div><div class="ttplayer-poster"></div></div></div></div></div></div></div>
<div class="${cx('DivMediaCardOverlay')}"><div data-tux-color-scheme="dark" class="${cx('DivMediaCardOverlayBottom')}"><div class="${cx('DivOverlayBottomContent')}"><div class="${cx('DivCreatorInfoContainer')}"><a class="link-a11y-focus" href="/@${user}"><div><p class="TUXText TUXText--tiktok-sans TUXText--weight-medium ${cx('StyledAuthorName')}" letter-spacing="0">${user}</p></div></a><span class="TUXText TUXText--tiktok-sans TUXText--weight-medium ${cx('SpanCreateTime')}" letter-spacing="0.06"> · 11-18</span></div>
<div data-tux-color-scheme="dark" class="${cx('DivMediaCardDescriptionContainer')}"><div class="${cx('DivMultilineTextContainer')}"><div class="${cx('DivMultilineText')}"><div data-e2e="video-desc" class="${cx('DivDescriptionContentContainer')}"><span class="TUXText TUXText--tiktok-sans ${cx('StyledTUXText')}" letter-spacing="0.094" data-e2e="desc-span-0_-1">Notes from the studio, part ${i}. ${link ? `${link} ` : ''}</span><a data-e2e="search-common-link" target="_self" aria-label="Watch more videos of the studio category" class="link-a11y-focus" href="/tag/studio"><p class="TUXText TUXText--tiktok-sans TUXText--weight-medium ${cx('StyledTUXText')}" letter-spacing="0.094">#studio</p></a></div></div><button type="button" height="18" class="${cx('ButtonExpand')}">more</button></div></div></div></div></div></section>
<section class="${cx('SectionActionBarContainer')}"><div class="${cx('DivAvatarActionItemContainer')}"><a data-e2e="video-author-avatar" class="${cx('AvatarLink')} link-a11y-focus" href="/@${user}"><div size="48" class="${cx('DivAvatarWrapper')}"><span shape="circle" data-e2e="" class="${cx('SpanAvatarContainer')}"><img loading="lazy" alt="${user}" src="${AVATARS[i % n]!}" class="${cx('ImgAvatar')}"></span></div></a><button class="${cx('StyledAvatarFollowButton')}" shape="capsule" data-e2e="feed-follow" aria-label="Follow ${user}">${icon('plus', 16)}</button></div>
${action(`Like video\n${likes} likes`, 'like', 'heart', likes)}${action(`Read or add comments\n${i % 40} comments`, 'comment', 'comment', String(i % 40))}<div aria-expanded="false" aria-haspopup="dialog">${action(`Add to Favorites. ${i % 70} added to Favorites`, 'undefined', 'bookmark', String(i % 70))}</div>${action(`Share video\n${i % 20} shares`, 'share', 'share', String(i % 20))}</section>
</div></article>`;
  },
};
