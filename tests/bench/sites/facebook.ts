/**
 * Facebook for the benchmark: the news feed shell of tests/fixtures/facebook/feed.html without its
 * units and scripts, and feed posts in the same 2025 markup as that fixture: a `div[aria-posinset]`
 * labelled by the author's `h4` in `[data-ad-rendering-role="profile_name"]`, the `/<page>/posts/<id>`
 * timestamp permalink, `story_message` text, a photo, the reactions row and the action bar with
 * `like_button` / `comment_button` / `share_button`.
 */
import type { BenchSite } from '../site';

const svgUri = (svg: string): string => `data:image/svg+xml,${encodeURIComponent(svg)}`;

const AUTHORS = [
  { name: 'Harbor Knits', vanity: 'HarborKnits' },
  { name: 'Lumen Ceramics', vanity: 'LumenCeramics' },
  { name: 'Tidewater Swim Club', vanity: 'TidewaterSwimClub' },
  { name: 'Moss and Stone', vanity: 'mossandstone' },
  { name: 'Pinecrest Trails', vanity: 'pinecrest.trails' },
  { name: 'Fern & Fig Bakery', vanity: 'fernandfigbakery' },
] as const;

const AVATARS = AUTHORS.map(({ name }, i) =>
  svgUri(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 80"><rect width="80" height="80" fill="hsl(${i * 60},42%,50%)"/><text x="40" y="53" fill="#fff" font-family="sans-serif" font-size="36" text-anchor="middle">${name[0]}</text></svg>`,
  ),
);
const PHOTOS = Array.from({ length: 12 }, (_, i) =>
  svgUri(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 500 500"><rect width="500" height="500" fill="hsl(${i * 30},30%,82%)"/><rect x="180" y="150" width="140" height="180" rx="15" fill="hsl(${(i * 30 + 150) % 360},45%,38%)"/></svg>`,
  ),
);
const REACTION = svgUri('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="8" fill="#1877f2"/></svg>');
const DOTS =
  '<svg viewBox="0 0 20 20" width="20" height="20" fill="currentColor" class="x1lq xsvg"><g><circle cx="4" cy="10" r="2"></circle><circle cx="10" cy="10" r="2"></circle><circle cx="16" cy="10" r="2"></circle></g></svg>';
const overlayLayer = '<div class="x1ey xovl" role="none" data-visualcompletion="ignore"></div>';
const icon = (name: string): string => `<i data-visualcompletion="css-img" class="x1b0 xi-${name}"></i>`;
const tracked = (href: string, tn: string): string => `${href}${href.includes('?') ? '&amp;' : '?'}__cft__[0]=AZUbench&amp;__tn__=${tn}`;

const CSS = `html,body{margin:0;background:#f0f2f5;color:#050505;font:15px/1.34 -apple-system,"system-ui","Segoe UI",Helvetica,Arial,sans-serif}
a{color:inherit;text-decoration:none}ul{list-style:none;margin:0;padding:0}h1,h2,h3,h4{font:inherit;margin:0}p{margin:0}
.x9f6{box-sizing:border-box}.x78z{display:flex}.xdt5{flex-direction:column}.x6s0{align-items:center}.x1iy{flex:1 1 auto;min-width:0}.x1n2{position:relative}
.x10l{position:absolute;inset:0}.xh8y{width:100%}.x5yr{height:100%}.xobj{object-fit:cover;display:block}.x1i1{cursor:pointer;color:inherit;background:none;border:0;padding:0;font:inherit}
.x1ey,.xovl{position:absolute;inset:0;pointer-events:none;border-radius:inherit}.xh0{display:none}.x1q7{font-weight:inherit}.xsr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.x1b0{display:inline-block;width:20px;height:20px;background:currentColor;-webkit-mask:radial-gradient(circle,#000 45%,transparent 50%);mask:radial-gradient(circle,#000 45%,transparent 50%);opacity:.65}
.xbnr{position:fixed;inset-block-start:0;inset-inline:0;height:56px;z-index:3;background:#fff;box-shadow:0 1px 2px rgb(0 0 0/20%);display:flex;align-items:center;justify-content:space-between;padding-inline:16px}
.xbn1,.xbn2 ul,.xbn3{gap:8px}.xlogo{display:inline-flex;width:40px;height:40px;border-radius:50%;background:#0866ff;color:#fff;font:700 28px/40px Helvetica,Arial,sans-serif;justify-content:center}
.xsin{height:40px;border-radius:20px;border:0;background:#f0f2f5;padding-inline:16px;font:inherit;width:220px}.xtab{display:flex;padding:8px 36px;border-radius:8px}.xtab:hover{background:#f2f2f2}
.xbn3 [role="button"]{width:40px;height:40px;border-radius:50%;background:#e4e6eb;display:flex;align-items:center;justify-content:center}
.xapp{padding-block-start:56px}.xlnav{position:fixed;inset-block:56px 0;inset-inline-start:0;width:300px;padding:16px 8px;box-sizing:border-box;overflow:auto}
.xlnav a{display:flex;align-items:center;gap:12px;padding:8px;border-radius:8px;font-weight:500}.xlnav a:hover{background:#e4e6eb}
.xmain{display:flex;justify-content:center;padding:16px}.xcol{width:590px;max-width:100%}.xfeed{display:flex;flex-direction:column;gap:16px}
.xcmp{background:#fff;border-radius:8px;padding:12px 16px;margin-bottom:16px;box-shadow:0 1px 2px rgb(0 0 0/20%);color:#65676b}
.xcard{background:#fff;border-radius:8px;box-shadow:0 1px 2px rgb(0 0 0/20%);overflow:hidden}.xunit{margin-bottom:16px}
.xhdr{gap:8px;padding:12px 16px 0}.xav1,.xav2{display:block;border-radius:50%;position:relative}.x3aj{display:block}.xhd4{font-size:15px;font-weight:600;line-height:20px}
.xnm:hover{text-decoration:underline}.xsub{color:#65676b;font-size:13px}.xtm:hover{text-decoration:underline}.xact{font-weight:400}.xmnu{width:36px;height:36px;border-radius:50%;display:flex;align-items:center;justify-content:center;color:#65676b;position:relative}
.xbody{padding:4px 16px 12px}.xdj2>div{margin-block:0 4px}.xlnk{color:#0064d1;font-weight:600}.xatt{border-block:1px solid #e4e6eb}
.xph{display:block;position:relative}.xphw,.xphr{width:100%}.xalb{gap:2px}.xalb>div{flex:1 1 0}.xshr{margin:0 16px 12px;border:1px solid #dadde1;border-radius:8px;overflow:hidden}
.xlk0{background:#f0f2f5}.xlkm{padding:10px 12px}.xup{text-transform:uppercase;color:#65676b;font-size:13px}.xlkt{font-weight:600;font-size:17px}.xlkx{color:#65676b}
.xcta{margin-inline-start:12px}.xbtn2{display:inline-flex;padding:8px 12px;border-radius:6px;background:#e4e6eb;font-weight:600}.xbtn3{display:inline-flex;padding:8px 12px;color:#65676b}
.xsum{padding:10px 16px;color:#65676b}.xsmr{gap:8px}.x6zy{display:inline-block;margin-inline-end:-4px}.x16d{display:block}.xall{margin-inline-start:10px}.xcts{gap:12px}
.xq8f{margin:0 12px;border-top:1px solid #ced0d4}.xabr{padding-block:4px}.xbtc{display:flex;justify-content:center}.xab{display:flex;align-items:center;gap:6px;padding:6px 8px;border-radius:4px;color:#65676b;font-weight:600;position:relative}.xab:hover{background:#f2f2f2}
.xcms{padding:4px 16px 12px;border-top:1px solid #ced0d4;margin:0 12px}.xvmc{color:#65676b;font-weight:600;padding:6px 0}.xcm{padding:4px 0}.xcav{margin-inline-end:6px}
.xbub{background:#f0f2f5;border-radius:18px;padding:8px 12px;display:inline-block}.xcn{font-weight:600;font-size:13px}.xcmeta{gap:12px;font-size:12px;color:#65676b;padding-inline-start:12px}
.xcin{background:#f0f2f5;border-radius:18px;padding:8px 12px;margin-top:8px;color:#65676b}.xsgt{justify-content:space-between;padding:8px 16px 0;color:#65676b;font-size:13px}
.xfol{display:inline;color:#0064d1;font-weight:600}.xpym,.xpyh{padding:12px 16px}.xpyh h3{font-weight:600;font-size:17px}.xpyl,.xrts{gap:8px;overflow-x:auto;padding:0 16px 16px}
.xpyc{flex:0 0 180px;border:1px solid #dadde1;border-radius:8px;overflow:hidden}.xpyi{display:block;width:180px;height:180px}.xpyb{padding:8px;display:flex;flex-direction:column;gap:6px}.xmut{color:#65676b;font-size:13px}
.xrtl{flex:0 0 140px;border-radius:8px;overflow:hidden}.xrti{display:block;width:140px;height:247px;object-fit:cover}.xrtv{position:absolute;inset-block-end:8px;inset-inline-start:8px;color:#fff;font-weight:600}
.xphd{background:#fff;box-shadow:0 1px 2px rgb(0 0 0/10%)}.xcov{display:block;max-width:1250px;margin:0 auto;aspect-ratio:2.7;overflow:hidden;border-radius:0 0 8px 8px}.xcov img{display:block;width:100%;height:100%;object-fit:cover}
.xpid{max-width:1030px;margin:0 auto;display:flex;gap:16px;align-items:flex-end;padding:0 16px 16px}.xpav{margin-top:-40px;border:4px solid #fff;border-radius:50%}.xpnm{font-size:32px;font-weight:700;line-height:38px}
.xpst{color:#65676b;font-weight:600}.xpbt{gap:8px;margin-inline-start:auto}.xptb{max-width:1030px;margin:0 auto;border-top:1px solid #ced0d4;display:flex;gap:4px;padding:0 16px}.xptb a{padding:16px;color:#65676b;font-weight:600}.xptb a[aria-selected="true"]{color:#0866ff;border-bottom:3px solid #0866ff}
.xpgb{max-width:1030px;margin:16px auto;display:flex;gap:16px;padding:0 16px;align-items:flex-start}.xpgl{flex:0 0 400px;display:flex;flex-direction:column;gap:16px}.xpgr{flex:1 1 auto;min-width:0}
.xbox{background:#fff;border-radius:8px;box-shadow:0 1px 2px rgb(0 0 0/20%);padding:16px}.xbox h2{font-size:20px;font-weight:700;margin-bottom:12px}.xtil{display:grid;grid-template-columns:repeat(3,1fr);gap:4px;border-radius:8px;overflow:hidden}.xtil img{display:block;width:100%;aspect-ratio:1;object-fit:cover}
.xload{height:120px;background:#fff;border-radius:8px;margin-bottom:16px}
.xpvw{position:fixed;inset:0;z-index:4;background:#000}.xpv{position:absolute;inset:0}.xpvx{position:absolute;inset-block-start:8px;inset-inline-start:8px;display:flex;gap:8px;z-index:2}
.xcls{width:40px;height:40px;border-radius:50%;background:rgb(255 255 255/20%);display:flex;align-items:center;justify-content:center;color:#fff;position:relative}
.xpvb{height:100%}.xpvm{display:flex;align-items:center;justify-content:center;background:#000}.xpvs0{height:100%;justify-content:center}.xpvn{position:absolute;inset:0;z-index:1;display:flex;justify-content:space-between;align-items:center;padding:0 12px;pointer-events:none}
.xpvn [role="button"]{pointer-events:auto}.xnav{width:48px;height:48px;border-radius:50%;background:rgb(255 255 255/20%);display:flex;align-items:center;justify-content:center;color:#fff}
.xpvm>div,.xpvs0,.xpvi0{width:100%}.xpvi0>div,.xpvi0>div>div{width:100%;align-items:center}.xpvimg{display:block;max-width:100%;max-height:calc(100vh - 80px);width:auto;height:auto;object-fit:contain}.xpvt{position:absolute;inset-block-start:8px;inset-inline-end:8px;gap:8px}
.xpvc{flex:0 0 360px;background:#fff;overflow-y:auto}.xpvh .xhdr{padding:16px 16px 0}.xpvcap{padding:8px 16px 12px}.xpcm{padding:0 0 12px}.xcmh{font-weight:600;padding:8px 16px}
.xrmain{display:flex;justify-content:center;align-items:center;gap:24px;padding:16px;height:calc(100vh - 88px)}.xrstage{height:100%}.xrcard{height:100%;gap:12px;align-items:flex-end}
.xrvid{height:100%;aspect-ratio:9/16;background:#000;border-radius:8px;overflow:hidden}.xrctl{display:flex;justify-content:space-between;align-items:flex-start;padding:12px;pointer-events:none}.xrctl [role="button"]{pointer-events:auto}
.xrinfo{position:absolute;inset-inline-start:0;inset-block-end:0;width:calc(100% - 56px);padding:16px;color:#fff;box-sizing:border-box;background:linear-gradient(transparent,rgb(0 0 0/60%));border-radius:0 0 8px 8px}
.xrauth{gap:8px}.xrauth .xfol{color:#fff}.xrcap{margin-block:8px}.xraud{gap:6px;font-size:13px}.xracts{gap:16px;padding-bottom:16px}.xract{display:flex;flex-direction:column;align-items:center;gap:4px;font-size:13px;font-weight:600}
.xrbtn{width:44px;height:44px;border-radius:50%;background:#e4e6eb;display:flex;align-items:center;justify-content:center}.xrnv{display:flex;flex-direction:column;gap:12px}.xrnv .xnav{background:#e4e6eb;color:#050505}
.xrnv [aria-disabled="true"]{opacity:.4}.xgfeed{display:flex;flex-direction:column}
@media (prefers-color-scheme:dark){html,body{background:#18191a;color:#e4e6eb}.xcard,.xbnr,.xbox,.xphd,.xcmp,.xpvc,.xload{background:#242526}.xbub,.xsin,.xlk0,.xcin{background:#3a3b3c}}`;

function actionBar(): string {
  const cell = (label: string, role: string, text: string, extra = ''): string =>
    `<div class="x9f6 x1iy xbtc"><div aria-label="${label}" class="x1i1 xab" role="button" tabindex="0"><div class="x78z x6s0 xab1"><span class="x3nf">${icon(role)}</span><span class="x193 xabt" dir="auto"><span data-ad-rendering-role="${role}">${text}</span></span></div>${overlayLayer}</div>${extra}</div>`;
  const react = `<div aria-label="React" class="x1i1 xab xrct" role="button" tabindex="0">${icon('react')}${overlayLayer}</div>`;
  return `<div class="xq8f xabw"><div class="x9f6 x78z xabr">${cell('Like', 'like_button', 'Like', react)}${cell('Leave a comment', 'comment_button', 'Comment')}${cell('Send this to friends or post it on your profile.', 'share_button', 'Share')}</div></div>`;
}

export const site: BenchSite = {
  platform: 'facebook',
  url: 'https://www.facebook.com/',
  shell: `<!DOCTYPE html>
<html id="facebook" class="_7qzl __fb-light-mode" lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=2,shrink-to-fit=no">
<title>Facebook</title>
<style>
${CSS}
</style>
</head>
<body class="_6q1p _4lz2 system-fonts--body">
<div id="mount_0_0_Xq"><div class="x9f6 xapp">
<div class="x9f6 xbnr" role="banner"><a aria-label="Facebook" class="x1i1 xlogo" href="/" role="link" tabindex="0">f</a></div>
<div class="x9f6 xmain" role="main"><div class="xcol">
<h3 class="xsr" dir="auto">News Feed posts</h3>
<div class="xfeed"></div>
</div></div>
</div></div>
<div id="portal"></div>
</body>
</html>
`,
  container: '[role="main"] .xfeed',
  feed: {
    batch: 3,
    aheadPx: 900,
    basis:
      'saved home feed (2025): 6 rendered posts below 1 collapsed one (data-virtualized, min-height kept); stories come a few per page when about one viewport of feed is left',
  },
  postId: (i) => `11223344559${String(i).padStart(5, '0')}`,
  post(i, link) {
    const id = site.postId(i);
    const author = AUTHORS[i % AUTHORS.length]!;
    const avatar = AVATARS[i % AVATARS.length]!;
    const r = (k: string): string => `«b${i.toString(36)}${k}»`;
    const permalink = tracked(`/${author.vanity}/posts/${id}`, '%2CO%2CP-R');
    return `<div class="x1lq xunit"><div><div class="x1yz x1n2"><div aria-posinset="${i + 1}" aria-describedby="${r('t')} ${r('m')} ${r('a')} ${r('r')}" aria-labelledby="${r('l')}" class="x1a2"><div class="x78z xdt5" data-virtualized="false"><div class="x9f6 x1n2"><div class="x1n2 xcard">
<div class="x78z x1cy xhdr"><div class="x1vq"><a aria-label="${author.name}" class="x1i1 xav1" href="${tracked(`/${author.vanity}`, '%3C%3C%2CP-R')}" role="link" tabindex="0"><div class="x1rg xav2"><svg aria-label="${author.name}" class="x3aj" data-visualcompletion="ignore-dynamic" role="img" style="height: 40px; width: 40px;"><mask id="${r('k')}"><circle cx="20" cy="20" fill="white" r="20"></circle></mask><g mask="url(#${r('k')})"><image x="0" y="0" height="100%" preserveAspectRatio="xMidYMid slice" width="100%" xlink:href="${avatar}" style="height: 40px; width: 40px;"></image></g></svg>${overlayLayer}</div></a></div><div class="x1iy x78z xdt5"><div class="xu06"><div data-ad-rendering-role="profile_name" class="xpn1"><h4 class="x1he xhd4" id="${r('l')}"><span class="x193 xt0p"><a class="x1i1 xnm" href="${tracked(`/${author.vanity}`, '-UC%2CP-R')}" role="link" tabindex="0"><strong><span>${author.name}</span></strong></a></span></h4></div></div><div class="xu06 xsub"><span class="x193" dir="auto"><span id="${r('t')}"><a class="x1i1 xtm" href="${permalink}" role="link" tabindex="0"><span><span class="x1rg xscr"><b class="xh0">-</b><b class="x1q7">${1 + (i % 23)}</b><b class="xh0">-</b><b class="x1q7">h</b></span></span></a><span aria-hidden="true"> · </span></span></span></div></div><div class="xqcr"><div aria-expanded="false" aria-haspopup="menu" aria-label="Actions for this post" class="x1i1 xmnu" role="button" tabindex="0">${DOTS}${overlayLayer}</div></div></div>
<div class="xdj2 xbody" dir="auto"><div data-ad-rendering-role="story_message" class="xdj2"><div class="x1io xmsg" data-ad-comet-preview="message" data-ad-preview="message" id="${r('m')}"><div class="x78z xdt5"><div class="xu06"><span class="x193" dir="auto"><div class="xdj2"><div dir="auto" style="text-align: start;">Notes from the studio, part ${i}. ${link ? `${link} ` : ''}<a class="x1i1 xlnk" href="${tracked('/hashtag/studio?__eep__=6', '*NK-R')}" role="link" tabindex="0">#studio</a></div></div></span></div></div></div></div></div>
<div class="x1n2 xatt" id="${r('a')}"><a class="x1i1 xph" href="${tracked(`/photo/?fbid=22334455${String(i).padStart(8, '0')}&set=a.3344556677${String(i % 100).padStart(3, '0')}`, 'EH-R')}" role="link" tabindex="0"><div class="x6s0 x78z xphw"><div class="x1n2 xphr" style="padding-top: 100.000%;"><div class="x10l"><img alt="May be an image of a studio shelf" class="xh8y x5yr xobj" height="500" referrerpolicy="origin-when-cross-origin" src="${PHOTOS[i % PHOTOS.length]!}" width="500"></div></div></div>${overlayLayer}</a></div>
<div class="xfoot"><div class="x168 xsum" data-visualcompletion="ignore-dynamic"><div class="x78z x6s0 xsmr"><div class="x78z x6s0 x1iy"><span aria-label="See who reacted to this" class="x1ja" role="toolbar"><span class="x78z" id="${r('r')}"><span class="x6zy"><div aria-label="Like: ${10 + (i % 90)} people" class="x1i1 xrb" role="button" tabindex="0"><img class="x16d" height="18" role="presentation" src="${REACTION}" width="18"></div></span></span></span><div class="x1i1 xall" role="button" tabindex="0"><span class="xsr">All reactions:</span><span aria-hidden="true" class="xrt">${10 + (i % 90)}</span></div></div><div class="x78z xcts"><div class="x1i1 xcnt" role="button" tabindex="0"><span dir="auto">${i % 40} comments</span></div></div></div></div>${actionBar()}</div>
</div></div></div></div></div></div></div>`;
  },
};
