/**
 * Every supported site. Adding a site touches exactly: its adapter here, a few-line entrypoint
 * (entrypoints/<platform>.content.ts), its fixtures (tests/fixtures/<platform>/) and its tests
 * (tests/unit/<platform>-adapter.test.ts, tests/e2e/<platform>.spec.ts); tests/unit/registry.test.ts
 * checks that each one has all of these.
 */
import type { Platform } from '../catalog/model';
import { facebook, pageType as facebookPage } from './facebook';
import { instagram, pageType as instagramPage } from './instagram';
import { pageType as pinterestPage, pinterest } from './pinterest';
import { pageType as tiktokPage, tiktok } from './tiktok';
import type { PageType, SiteAdapter } from './types';

export const ADAPTERS: readonly SiteAdapter[] = [instagram, pinterest, tiktok, facebook];

/** Page patterns of all sites: where the overlay may load the extension's demo images. */
export const ALL_MATCHES: readonly string[] = ADAPTERS.flatMap((adapter) => adapter.matches);

/** What kind of page a URL of each site is, by the URL alone. */
export const PAGE_TYPES: Readonly<Record<Platform, (url: URL | Location) => PageType>> = {
  instagram: instagramPage,
  pinterest: pinterestPage,
  tiktok: tiktokPage,
  facebook: facebookPage,
};

/** The site and kind of a page (a tab's URL), or null for pages of no supported site. */
export function pageOf(url: string): { platform: Platform; type: PageType } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  for (const adapter of ADAPTERS) {
    const type = PAGE_TYPES[adapter.platform](parsed);
    if (type !== 'unsupported' || adapter.matches.some((pattern) => matchesPattern(pattern, parsed))) return { platform: adapter.platform, type };
  }
  return null;
}

/** A manifest match pattern (`https://*.pinterest.com/*`) against a URL. */
function matchesPattern(pattern: string, url: URL): boolean {
  const m = /^(https?):\/\/([^/]+)\//.exec(pattern);
  if (!m || `${m[1]}:` !== url.protocol) return false;
  const host = m[2]!;
  return host.startsWith('*.') ? url.hostname === host.slice(2) || url.hostname.endsWith(host.slice(1)) : url.hostname === host;
}
