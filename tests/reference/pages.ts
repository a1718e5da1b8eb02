/**
 * The reference pages and what the suite expects on each: which posts it tags in the catalog and
 * how many buy buttons each must then show. The pages themselves are never copied into the project
 * (they hold real people's data); they are read from the shared folder at test time.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export type Site = 'instagram' | 'pinterest' | 'tiktok' | 'facebook';
/** Languages the Instagram and Facebook pages are run again in, with every interface label translated. */
export type PseudoLanguage = 'fa' | 'sw' | 'es';
export const PSEUDO_LANGUAGES: readonly PseudoLanguage[] = ['fa', 'sw', 'es'];

export interface TaggedPost {
  id: string;
  /** Buy buttons this post must show: one per rendition of the post (default 1). */
  buttons?: number;
  /** Of those, how many must be inside this element (the modal). */
  inside?: { selector: string; count: number };
  /** Why the count is what it is, when it is not 1. */
  note?: string;
}

export interface ReferencePage {
  /** The start of the file name (page type and post id); the rest names the capture and its source. */
  prefix: string;
  site: Site;
  /** The real URL, for pages saved without a "saved from url" comment. */
  url?: string;
  tagged: TaggedPost[];
  /** Also run pseudo-localized (Instagram and Facebook). */
  localize: boolean;
  /** The URL names a post (post page, modal, close-up, video page): also run in markup no adapter knows. */
  urlNamed?: boolean;
}

const DIALOG = '[role="dialog"]';

export const PAGES: readonly ReferencePage[] = [
  {
    prefix: 'ig_post-direct-page_DOuQoNmDKST_',
    urlNamed: true,
    site: 'instagram',
    localize: true,
    // The page's post (no <article>; its comments link to /p/<code>/c/<id>/) and one "More posts from" tile.
    tagged: [{ id: 'DOuQoNmDKST' }, { id: 'DVw29GyDPGt' }],
  },
  {
    prefix: 'ig_post-modal-over-profile_DV5bI7cSyz9_',
    urlNamed: true,
    site: 'instagram',
    localize: true,
    tagged: [
      {
        id: 'DV5bI7cSyz9',
        buttons: 2,
        inside: { selector: DIALOG, count: 1 },
        note: 'the modal, and its tile in the profile grid behind the modal',
      },
      { id: 'DXLtqF3jKG4' },
    ],
  },
  {
    prefix: 'ig_profile-grid_rumborent_',
    site: 'instagram',
    localize: true,
    tagged: [{ id: 'DZd8tR1u-_6' }, { id: 'DZbY3ghDnSP' }],
  },
  {
    prefix: 'pin_closeup-pin-page_932808141580948064_',
    urlNamed: true,
    site: 'pinterest',
    localize: false,
    tagged: [{ id: '932808141580948064' }, { id: '700380179575094118' }],
  },
  {
    prefix: 'pin_home-feed_18pins_',
    site: 'pinterest',
    localize: false,
    tagged: [{ id: '770960029989370374' }, { id: '146789269100059904' }],
  },
  {
    prefix: 'pin_search-grid_20pins_',
    site: 'pinterest',
    localize: false,
    tagged: [{ id: '28217935161488677' }, { id: '364439794897105855' }],
  },
  {
    // 2022 For You feed: no video id anywhere in the saved markup (ids lived in the stripped scripts),
    // so nothing can be tagged and nothing may show.
    prefix: 'tt_foryou-feed_9videos_',
    site: 'tiktok',
    url: 'https://www.tiktok.com/foryou',
    localize: false,
    tagged: [],
  },
  {
    prefix: 'tt_profile-grid_illojuan_',
    site: 'tiktok',
    url: 'https://www.tiktok.com/@illojuan',
    localize: false,
    tagged: [{ id: '7437176835944795424' }, { id: '6781214772584025350' }, { id: '7571863205253778710', note: "the video page's video, a tile here" }],
  },
  {
    prefix: 'tt_video-page-vertical-feed_7571863205253778710_',
    urlNamed: true,
    site: 'tiktok',
    url: 'https://www.tiktok.com/@illojuan/video/7571863205253778710',
    localize: false,
    // The page's video (first item of the one-column feed) and a "You may like" tile beside it.
    tagged: [{ id: '7571863205253778710' }, { id: '7583128616267992342' }],
  },
  {
    prefix: 'fb_home-feed_',
    site: 'facebook',
    localize: true,
    tagged: [{ id: '657567040194363' }],
  },
  {
    prefix: 'fb_photo-viewer-over-page-timeline_',
    urlNamed: true,
    site: 'facebook',
    localize: true,
    tagged: [
      { id: '288439180667016', inside: { selector: DIALOG, count: 1 } },
      {
        id: 'pfbid0M6bXtZcrWRjzkDX28LHZa4MfvawSnnozgWVDuX9CjDHTTdgFLzHDb9XVZsHQaiUql',
        buttons: 0,
        note: 'the timeline post under the viewer, which Facebook hides (display: none) while the viewer is open',
      },
    ],
  },
  {
    prefix: 'fb_profile-timeline_7posts_',
    site: 'facebook',
    localize: true,
    tagged: [{ id: '814457366791126' }, { id: '1598160197335303' }],
  },
];

const SITE_FOLDER: Record<Site, string> = { instagram: 'instagram', pinterest: 'pinterest', tiktok: 'tiktok', facebook: 'facebook' };

/**
 * The reference folder: REFERENCE_PAGES, else `../shared/reference-pages` beside the repository
 * (and one level up, for a git worktree kept in a folder of worktrees). Null when there is none:
 * a fresh clone does not have it.
 */
export function referenceFolder(root: string): string | null {
  const candidates = process.env.REFERENCE_PAGES
    ? [path.resolve(process.env.REFERENCE_PAGES)]
    : [path.resolve(root, '../shared/reference-pages'), path.resolve(root, '../../shared/reference-pages')];
  return candidates.find((dir) => existsSync(dir)) ?? null;
}

/** The page's file, or null when the folder does not have it. */
export function pageFile(folder: string, page: ReferencePage): string | null {
  const dir = path.join(folder, SITE_FOLDER[page.site]);
  if (!existsSync(dir)) return null;
  const name = readdirSync(dir).find((file) => file.startsWith(page.prefix) && file.endsWith('.html'));
  return name ? path.join(dir, name) : null;
}

/** The URL the page was saved from: the browser's "saved from url" comment, else the table's. */
export function pageUrl(html: string, page: ReferencePage): string {
  const saved = /<!-- saved from url=\(\d+\)(https:\/\/[^\s]+) -->/.exec(html.slice(0, 2000))?.[1];
  const url = saved ?? page.url;
  if (!url) throw new Error(`${page.prefix}: no "saved from url" comment and no url in the table`);
  return url;
}

/** A distinct demo product per tagged post, so each button tells which post it belongs to. */
export const DEMO_PRODUCTS: readonly { productId: string; variantId: string }[] = [
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ productId: `acme:100${n}`, variantId: `401100${n}0001` })),
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ productId: `maison-lune:200${n}`, variantId: `402200${n}0001` })),
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ productId: `kumo-tea:300${n}`, variantId: `403300${n}0001` })),
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ productId: `northwind:400${n}`, variantId: `404400${n}0001` })),
];
