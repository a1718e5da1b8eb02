/**
 * Access to the social sites. Both browsers let the user take it away after install (Chrome's
 * "on click" site access, Firefox's per-site permissions in the add-ons manager): the content
 * scripts then never run there. The popup asks `permissions.contains` for each site's patterns
 * and offers a button that asks for them again. The sites and their patterns are read from our own
 * manifest (the content scripts WXT built, one per site, named after it), so this stays in step
 * with the adapters without loading them.
 */
import { PLATFORMS, type Platform } from '../catalog/model';

export interface SiteOrigins {
  platform: Platform;
  origins: string[];
}

/** The slice of `browser.permissions` this needs. */
export interface OriginPermissions {
  contains(permissions: { origins: string[] }): Promise<boolean>;
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

/** The sites Postcart may not run on now. */
export async function sitesWithoutAccess(permissions: Pick<OriginPermissions, 'contains'>, manifest: unknown): Promise<SiteOrigins[]> {
  const sites = siteOrigins(manifest);
  const granted = await Promise.all(sites.map((site) => permissions.contains({ origins: site.origins }).catch(() => true)));
  return sites.filter((_, i) => !granted[i]);
}

/** Asks for the sites again; must be called inside the click. Resolves to whether the browser granted them. */
export function requestSiteAccess(permissions: Pick<OriginPermissions, 'request'>, sites: readonly SiteOrigins[]): Promise<boolean> {
  return permissions.request({ origins: sites.flatMap((site) => site.origins) }).catch(() => false);
}
