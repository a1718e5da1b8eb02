import { describe, expect, it, vi } from 'vitest';
import { patternCovers, requestSiteAccess, siteOrigins, sitesWithoutAccess } from '@/utils/platform/site-access';

/** The content scripts as WXT writes them into the manifest (one per site, named after it). */
const MANIFEST = {
  content_scripts: [
    { matches: ['https://www.instagram.com/*'], js: ['content-scripts/instagram.js'] },
    { matches: ['https://www.pinterest.com/*', 'https://*.pinterest.com/*'], js: ['content-scripts/pinterest.js'] },
    { matches: ['https://www.tiktok.com/*'], js: ['content-scripts/tiktok.js'] },
    { matches: ['https://www.facebook.com/*'], js: ['content-scripts/facebook.js'] },
    { matches: ['https://elsewhere.example/*'], js: ['content-scripts/other.js'] },
  ],
};

describe('access to the social sites', () => {
  it('reads each site’s page patterns from the manifest’s content scripts', () => {
    expect(siteOrigins(MANIFEST)).toEqual([
      { platform: 'instagram', origins: ['https://www.instagram.com/*'] },
      { platform: 'pinterest', origins: ['https://www.pinterest.com/*', 'https://*.pinterest.com/*'] },
      { platform: 'tiktok', origins: ['https://www.tiktok.com/*'] },
      { platform: 'facebook', origins: ['https://www.facebook.com/*'] },
    ]);
    expect(siteOrigins({})).toEqual([]);
  });

  it('finds the sites the browser took access to, and asks for exactly those again', async () => {
    const permissions = {
      getAll: async () => ({ origins: ['https://www.instagram.com/*', 'https://www.tiktok.com/*', 'https://www.pinterest.com/*'] }),
      request: vi.fn(async () => true),
    };
    const missing = await sitesWithoutAccess(permissions, MANIFEST);
    expect(missing.map((site) => site.platform)).toEqual(['pinterest', 'facebook']);
    expect(await requestSiteAccess(permissions, missing)).toBe(true);
    expect(permissions.request).toHaveBeenCalledWith({ origins: ['https://www.pinterest.com/*', 'https://*.pinterest.com/*', 'https://www.facebook.com/*'] });
    const refusing = { request: async () => Promise.reject(new Error('not in a user gesture')) };
    expect(await requestSiteAccess(refusing, missing)).toBe(false);
    expect(await sitesWithoutAccess({ getAll: async () => ({ origins: ['<all_urls>'] }) }, MANIFEST)).toEqual([]);
    expect(await sitesWithoutAccess({ getAll: async () => Promise.reject(new Error('no')) }, MANIFEST)).toEqual([]);
  });

  it('counts a granted pattern as covering the narrower ones it includes, and nothing else', () => {
    expect(patternCovers('https://*/*', 'https://www.instagram.com/*')).toBe(true);
    expect(patternCovers('*://*.pinterest.com/*', 'https://www.pinterest.com/*')).toBe(true);
    expect(patternCovers('https://*.pinterest.com/*', 'https://*.pinterest.com/*')).toBe(true);
    expect(patternCovers('https://*.pinterest.com/*', 'https://pinterest.com/*')).toBe(true);
    expect(patternCovers('https://www.instagram.com/*', 'https://www.facebook.com/*')).toBe(false);
    expect(patternCovers('http://*/*', 'https://www.instagram.com/*')).toBe(false);
    expect(patternCovers('https://*.evilpinterest.com/*', 'https://www.pinterest.com/*')).toBe(false);
    expect(patternCovers('https://www.instagram.com/p/*', 'https://www.instagram.com/*')).toBe(false);
  });
});
