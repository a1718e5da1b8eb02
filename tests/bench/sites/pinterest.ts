/**
 * Pinterest for the benchmark: the home feed shell of tests/fixtures/pinterest/home.html without its
 * pins and scripts (the masonry laid out by CSS grid instead of the page script), and grid pins in
 * the same 2025–26 markup as that fixture: `[data-grid-item][role="listitem"]` cell, pin card
 * `[data-test-id="pin"][data-test-pin-id]` with the `/pin/<id>/` link around the picture, hover layer
 * (Save, domain link, Send, More actions) and footer (title, creator link).
 */
import type { BenchSite } from '../site';

const svgUri = (svg: string): string => `data:image/svg+xml,${encodeURIComponent(svg)}`;

const CREATORS = [
  ['fernkitchen', 'Fern Kitchen'],
  ['harborknits', 'Harbor Knits'],
  ['tidewaterswim', 'Tidewater Swim'],
  ['pinecrest_trails', 'Pinecrest Trails'],
  ['saltwaterstudio', 'Saltwater Studio'],
  ['moss_and_stone', 'Moss & Stone'],
] as const;
const AVATARS = CREATORS.map(([, name], i) =>
  svgUri(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 60"><circle cx="30" cy="30" r="30" fill="hsl(${i * 60},40%,52%)"/><text x="30" y="39" fill="#fff" font-family="sans-serif" font-size="26" text-anchor="middle">${name[0]}</text></svg>`,
  ),
);
const RATIOS = [1.5, 1.25, 1.4, 1.1, 1.6, 1.3] as const;
const PHOTOS = Array.from({ length: 12 }, (_, i) => {
  const h = Math.round(472 * RATIOS[i % RATIOS.length]!);
  return svgUri(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 472 ${h}"><rect width="472" height="${h}" fill="hsl(${i * 30},30%,86%)"/><circle cx="236" cy="${h / 2}" r="110" fill="hsl(${(i * 30 + 150) % 360},40%,45%)"/></svg>`,
  );
});

const PATHS: Record<string, string> = {
  share: '<path d="M21 3 3 10.5l7 2.5 2.5 7Z"/>',
  more: '<circle cx="4" cy="12" r="2.4"/><circle cx="12" cy="12" r="2.4"/><circle cx="20" cy="12" r="2.4"/>',
  arrow: '<path d="M7 17 17 7M9 7h8v8" fill="none" stroke="currentColor" stroke-width="2.6"/>',
};
const icon = (name: string, size = 16): string =>
  `<svg aria-hidden="true" aria-label="" class="Ux2kVe" height="${size}" role="img" viewBox="0 0 24 24" width="${size}">${PATHS[name] ?? ''}</svg>`;
const iconButton = (label: string, name: string, testId?: string): string =>
  `<div${testId ? ` data-test-id="${testId}"` : ''} class="Bx4qLm"><button aria-label="${label}" class="Rd9fTw" tabindex="0" type="button"><div class="Nh6pEa Ok1wZs">${icon(name)}</div></button></div>`;

const CSS = `html,body{margin:0;background:#fff;color:#111;font:16px/1.4 -apple-system,system-ui,"Segoe UI",Roboto,Helvetica,sans-serif}
a{color:inherit;text-decoration:none}h1,h2{margin:0;font:inherit}button{font:inherit;color:inherit}
.Vq8cLw{box-sizing:border-box}.Zp1dNs{position:relative}.Ty6oEr{display:flex}.Wo4gHc{flex:1 1 auto;min-width:0}.Wn3tPx{overflow:hidden;text-overflow:ellipsis}
.Ux2kVe{display:block;fill:currentColor}.iM8gTs{display:block;width:100%;height:auto}.Kj2rTe{cursor:pointer}.Lm7wQa{display:block}
.Rd9fTw{border:0;background:none;padding:8px;border-radius:50%;cursor:pointer}.Nh6pEa{display:flex}.Bx4qLm{display:inline-block}
.aC5mRt{padding:16px 0 40px}.vH0dSr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.mS9kLp{position:relative;margin:0 auto;max-width:1040px}.lT4vNb{display:grid;grid-template-columns:repeat(auto-fill,236px);gap:0 16px;justify-content:center}
.gI6hJd{position:relative;width:236px;padding-bottom:16px;box-sizing:border-box}.pC3xWa{position:relative}.pW1eRk{position:relative;border-radius:16px;overflow:hidden;background:#efefef}
.Hq5mSd,.Lw3xRa,.Tc8dNv{position:relative}.Sx2pGe{position:absolute;inset:0;border-radius:16px}
.cL2nVf{position:absolute;inset:0;pointer-events:none;opacity:0}.pW1eRk:hover .cL2nVf{opacity:1}.cL2nVf a,.cL2nVf button{pointer-events:auto}
.sV5bQe{position:absolute;top:12px;inset-inline-end:12px}.Gz5hYu{border:0;border-radius:24px;background:#e60023;color:#fff;padding:12px 16px;font-weight:600}
.qR6bNs{position:absolute;bottom:12px;inset-inline-end:12px;display:flex;gap:8px}.dP7uYh{position:absolute;bottom:12px;inset-inline-start:12px;display:flex;gap:4px;align-items:center;background:#fffe;border-radius:16px;padding:8px 10px;font-size:12px;font-weight:600}
.fT6pLo{align-items:flex-start;gap:4px;padding:8px 6px 0}.tL9zXc{font-size:14px;font-weight:600;line-height:18px}.aT1kMn{display:flex;align-items:center;gap:6px;font-size:12px;margin-top:4px}
.aV3sRb{width:24px;height:24px;border-radius:50%;overflow:hidden;flex:none}.mB2hWv{flex:none}`;

export const site: BenchSite = {
  platform: 'pinterest',
  url: 'https://www.pinterest.com/',
  shell: `<!DOCTYPE html>
<html class="en" lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta content="width=device-width, initial-scale=1" id="viewport" name="viewport">
<title>Pinterest</title>
<style>
${CSS}
</style>
</head>
<body>
<div data-reactcontainer="true" id="__PWS_ROOT__"><div class="">
<div class="appContent aC5mRt" role="main"><div class="Vq8cLw"><div class="mainContainer"><div data-test-id="homefeed-feed" class="Vq8cLw"><h1 class="vH0dSr">Home</h1>
<div data-test-id="masonry" class="Vq8cLw"><div aria-busy="false" class="masonryContainer mS9kLp" data-test-id="masonry-container"><div data-test-id="max-width-container" class="Vq8cLw"><div><div class="lT4vNb" role="list"></div></div></div></div></div>
</div></div></div></div>
</div></div>
</body>
</html>
`,
  container: '[data-test-id="masonry-container"] [role="list"]',
  feed: {
    batch: 5,
    aheadPx: 900,
    basis:
      'saved home feed (2024): pins rendered 2,691 to 4,262 px, search grid (2026): 685 to 2,382 px, so about one viewport rendered below the fold; the masonry adds a row (5 columns at 1280 px) as it comes into range',
  },
  postId: (i) => `9${String(i).padStart(18, '0')}`,
  post(i, productLink) {
    const id = site.postId(i);
    const [user, name] = CREATORS[i % CREATORS.length]!;
    const ratio = RATIOS[i % RATIOS.length]!;
    const title = `Saved idea no. ${i}`;
    const link = productLink ?? (i % 3 === 0 ? `https://${user.replace(/_/g, '')}.example/journal/idea-${i}?utm_source=pinterest` : null);
    const domain = link
      ? `<div data-test-id="pointer-events-wrapper" class="Vq8cLw"><a aria-label="${new URL(link).hostname}" class="dP7uYh" href="${link}" rel="nofollow noopener" tabindex="0" target="_blank">${icon('arrow', 12)}<div class="Wn3tPx">${new URL(link).hostname}</div></a></div>`
      : '';
    const img = `<div data-test-id="pinrep-image" class="Vq8cLw"><div class="Vq8cLw"><div data-test-id="non-story-pin-image" class="Vq8cLw"><div class="Vq8cLw"><div class="Vq8cLw Zp1dNs"><img alt="a still life with bowls and linen on a table" class="iM8gTs" draggable="true" elementtiming="grid-non-story-pin-image-home" fetchpriority="auto" height="${Math.round(236 * ratio)}" loading="auto" src="${PHOTOS[i % PHOTOS.length]!}" width="236"></div></div></div></div></div>`;
    return `<div class="gI6hJd Qm3tRv" data-grid-item="true" role="listitem"><div data-grid-item-idx="${i}"><div aria-disabled="false" class="Lm7wQa Yb2cXe" data-test-id="scroll-pin-to-top-to-feed-on-tap" role="button" tabindex="0"><div class="Vq8cLw"><div aria-label="Pin card" data-test-id="pin" data-test-pin-id="${id}" data-test-pin-slot-index="${i}" role="group" class="Vq8cLw pC3xWa"><div><div data-test-id="pin-missing-alt-text" class="Vq8cLw"><div data-test-id="pinWrapper" class="Vq8cLw pW1eRk">`
      + `<a aria-label="${title} pin page" class="Kj2rTe Lm7wQa" href="/pin/${id}/" rel="" tabindex="0"><div data-test-id="pin-missing-alt-text" class="Vq8cLw Hq5mSd"><div class="PinCard__imageWrapper" data-test-image-signature="${id.slice(-12)}"><div data-test-id="pincard-image-without-link" class="Vq8cLw Lw3xRa"><div class="Tc8dNv">${img}</div><div class="Sx2pGe"></div></div></div></div></a>`
      + `<div class="Vq8cLw"><div class="Vq8cLw"><div data-test-id="contentLayer" class="Vq8cLw cL2nVf"><div data-test-id="pointer-events-wrapper" class="Vq8cLw"><div data-test-id="quick-save-button" class="Vq8cLw sV5bQe"><button aria-label="Save" class="Gz5hYu" tabindex="0" type="button"><div class="Fq0nTm">Save</div></button></div></div>${domain}<div data-test-id="pointer-events-wrapper" class="Vq8cLw qR6bNs">${iconButton('Send', 'share', 'share-icon-button')}<div data-test-id="overflow-menu-button" class="Vq8cLw">${iconButton('More actions', 'more')}</div></div></div></div></div>`
      + `</div></div><div class="Ty6oEr fT6pLo"><div data-test-id="pointer-events-wrapper" class="Vq8cLw Wo4gHc"><div data-test-id="pinrep-footer" class="Vq8cLw"><div class="Vq8cLw"><div data-test-id="pinrep-footer-organic-title" class="Vq8cLw"><div class="Ty6oEr"><div class="Wo4gHc"><h2 class="tL9zXc"><span class="Pe3vBn"><a aria-label="${title} pin page" class="Kj2rTe" href="/pin/${id}/" rel="" tabindex="0">${title}</a></span></h2></div></div></div>`
      + `<div class="Vq8cLw aT1kMn"><a class="Kj2rTe aT1kMn" href="/${user}/" rel="" tabindex="0"><div class="aV3sRb" data-test-id="gestalt-avatar-svg"><img alt="${name.replace(/&/g, '&amp;')}" class="iM8gTs" src="${AVATARS[i % AVATARS.length]!}"></div><div class="Wn3tPx" title="${name.replace(/&/g, '&amp;')}">${name.replace(/&/g, '&amp;')}</div></a></div></div></div></div>`
      + `<div class="Vq8cLw mB2hWv"><div aria-label="More actions" class="Vq8cLw"><button aria-expanded="false" aria-haspopup="true" aria-label="More actions" class="Rd9fTw" data-test-id="more-actions-button" tabindex="0" type="button"><div class="Nh6pEa">${icon('more', 12)}</div></button></div></div></div></div></div></div></div></div></div>`;
  },
};
