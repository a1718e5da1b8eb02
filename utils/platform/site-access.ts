/**
 * Access to the social sites. Both browsers let the user take it away after install (Chrome's
 * "on click" site access, Firefox's per-site permissions in the add-ons manager): the content
 * scripts then never run there. The popup compares each site's patterns with the origins the
 * browser grants now (`permissions.getAll`: Chrome's `permissions.contains` answers false for
 * hosts granted through content scripts, even while they run) and offers a button that asks for
 * the missing ones again. The sites and their patterns are read from our own manifest (the content
 * scripts WXT built, one per site, named after it), so this stays in step with the adapters
 * without loading them.
 */
import { PLATFORMS, type Platform } from '../catalog/model';

export interface SiteOrigins {
  platform: Platform;
  origins: string[];
}

/** The slice of `browser.permissions` this needs. */
export interface OriginPermissions {
  getAll(): Promise<{ origins?: string[] }>;
  request(permissions: { origins: string[] }): Promise<boolean>;
}

interface ManifestLike {
  content_scripts?: readonly { matches?: readonly string[]; js?: readonly string[] }[];
}

/** Each site's page patterns, from the manifest's content scripts ("content-scripts/instagram.js"). */
export function siteOrigins(manifest: unknown): SiteOrigins[] {
  const sites = new Map<Platform, Set<string>>();
  for (const script of (manifest as ManifestLike | null)?.content_scripts ?? []) {
    for (const file of script.js ?? []) {
      const name = /(?:^|\/)([a-z]+)\.js$/.exec(file)?.[1];
      const platform = PLATFORMS.find((p) => p === name);
      if (!platform) continue;
      const origins = sites.get(platform) ?? new Set<string>();
      for (const match of script.matches ?? []) origins.add(match);
      sites.set(platform, origins);
    }
  }
  return [...sites].map(([platform, origins]) => ({ platform, origins: [...origins] }));
}

const PATTERN = /^(\*|https?):\/\/(\*|(?:\*\.)?[^/*]+)(\/.*)$/;

/** Whether a granted match pattern covers a wanted one (scheme, host with its `*.` wildcard, path). */
export function patternCovers(granted: string, wanted: string): boolean {
  if (granted === wanted || granted === '<all_urls>') return true;
  const g = PATTERN.exec(granted);
  const w = PATTERN.exec(wanted);
  if (!g || !w) return false;
  const [, gScheme, gHost, gPath] = g as unknown as [string, string, string, string];
  const [, wScheme, wHost, wPath] = w as unknown as [string, string, string, string];
  if (gScheme !== '*' && gScheme !== wScheme) return false;
  if (gPath !== '/*' && gPath !== wPath) return false;
  if (gHost === '*' || gHost === wHost) return true;
  if (!gHost.startsWith('*.')) return false;
  const base = gHost.slice(2);
  const host = wHost.startsWith('*.') ? wHost.slice(2) : wHost;
  return host === base || host.endsWith(`.${base}`);
}

/** The sites Postcart may not run on now (an answer the browser cannot give counts as access). */
export async function sitesWithoutAccess(permissions: Pick<OriginPermissions, 'getAll'>, manifest: unknown): Promise<SiteOrigins[]> {
  const sites = siteOrigins(manifest);
  let granted: string[];
  try {
    granted = (await permissions.getAll()).origins ?? [];
  } catch {
    return [];
  }
  return sites.filter((site) => !site.origins.every((wanted) => granted.some((origin) => patternCovers(origin, wanted))));
}

/** Asks for the sites again; must be called inside the click. Resolves to whether the browser granted them. */
export function requestSiteAccess(permissions: Pick<OriginPermissions, 'request'>, sites: readonly SiteOrigins[]): Promise<boolean> {
  return permissions.request({ origins: sites.flatMap((site) => site.origins) }).catch(() => false);
}
