/**
 * The generated manifest.json of both builds: what each store reviews and each browser enforces.
 * Builds Chrome and Firefox with the project's own `wxt build` into a temporary folder (a few
 * seconds, in child processes: WXT's spinner writes to the terminal), so it checks what
 * `npm run build` / `npm run build:firefox` really write.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ICON_SIZES, iconPath, iconSrcset, manifestIcons } from '@/utils/platform/icons';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SITE_PATTERNS = ['https://www.instagram.com/*', 'https://www.pinterest.com/*', 'https://*.pinterest.com/*', 'https://www.tiktok.com/*', 'https://www.facebook.com/*'];
const OPTIONAL_HOSTS = ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'];

interface Manifest {
  manifest_version: number;
  name: string;
  version: string;
  default_locale?: string;
  icons?: Record<string, string>;
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  action?: { default_icon?: Record<string, string>; default_popup?: string; default_title?: string };
  background?: { service_worker?: string; scripts?: string[]; type?: string; persistent?: boolean };
  content_scripts?: { matches: string[]; js: string[] }[];
  browser_specific_settings?: {
    gecko?: { id?: string; strict_min_version?: string; data_collection_permissions?: { required?: string[]; optional?: string[] } };
    gecko_android?: { strict_min_version?: string };
  };
}

let outDir: string;
const built: Record<'chrome' | 'firefox', { dir: string; manifest: Manifest }> = {} as never;

/** The width and height a PNG file declares (its IHDR chunk). */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'postcart-manifest-'));
  const wxt = path.join(ROOT, 'node_modules/wxt/bin/wxt.mjs');
  // One after the other: both builds write the project's .wxt/ folder.
  for (const browser of ['chrome', 'firefox'] as const) {
    await promisify(execFile)(process.execPath, [wxt, 'build', '-b', browser], { cwd: ROOT, env: { ...process.env, WXT_OUT_DIR: outDir } });
    const dir = path.join(outDir, `${browser}-mv3`);
    built[browser] = { dir, manifest: JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest };
  }
}, 120_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe.each(['chrome', 'firefox'] as const)('the %s manifest', (browser) => {
  test('is Manifest V3 with the localized name and the package version', () => {
    const { manifest } = built[browser];
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.name).toBe('__MSG_extName__');
    expect(manifest.default_locale).toBe('en');
    expect(manifest.version).toBe((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });

  test('asks for storage, unlimited storage, alarms and notifications (price alerts), and no host at install but the four sites', () => {
    const { manifest } = built[browser];
    expect([...(manifest.permissions ?? [])].sort()).toEqual(['alarms', 'notifications', 'storage', 'unlimitedStorage']);
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.content_scripts?.flatMap((script) => script.matches).sort()).toEqual([...SITE_PATTERNS].sort());
  });

  test('keeps the optional host permissions the options page asks for when a source is added', () => {
    const { manifest } = built[browser];
    expect(manifest.optional_host_permissions).toEqual(OPTIONAL_HOSTS);
    // Every source the form accepts is covered (originPattern asks for scheme://host/*).
    expect(manifest.optional_host_permissions).toEqual(expect.arrayContaining(['https://*/*']));
  });

  test('has the icon at every size, for the extension and its toolbar button, as real PNGs of that size', () => {
    const { manifest, dir } = built[browser];
    const expected = { '16': 'icons/16.png', '32': 'icons/32.png', '48': 'icons/48.png', '96': 'icons/96.png', '128': 'icons/128.png' };
    expect(manifest.icons).toEqual(expected);
    expect(manifest.action?.default_icon).toEqual(expected);
    expect(manifest.action?.default_popup).toBe('popup.html');
    for (const [size, file] of Object.entries(expected)) {
      expect(pngSize(path.join(dir, file)), file).toEqual({ width: Number(size), height: Number(size) });
    }
  });
});

describe('the Chrome manifest', () => {
  test('runs the background as a module service worker and carries no Firefox settings', () => {
    const { manifest } = built.chrome;
    expect(manifest.background).toEqual({ type: 'module', service_worker: 'background.js' });
    expect(manifest.browser_specific_settings).toBeUndefined();
  });
});

describe('the Firefox manifest', () => {
  test('runs the background as a module event page (scripts, never persistent)', () => {
    const { manifest } = built.firefox;
    expect(manifest.background).toEqual({ type: 'module', scripts: ['background.js'] });
  });

  test('names the add-on and the first Firefox versions it works in', () => {
    const { gecko, gecko_android } = built.firefox.manifest.browser_specific_settings ?? {};
    expect(gecko?.id).toBe('postcart@postcart.example');
    expect(gecko?.strict_min_version).toBe('140.0');
    expect(gecko_android?.strict_min_version).toBe('142.0');
  });

  test('declares what data leaves the browser with the types Mozilla accepts: stats optional', () => {
    const declared = built.firefox.manifest.browser_specific_settings?.gecko?.data_collection_permissions;
    const MOZILLA_TYPES = ['authenticationInfo', 'bookmarksInfo', 'browsingActivity', 'financialAndPaymentInfo', 'healthInfo', 'locationInfo', 'personalCommunications', 'personallyIdentifyingInfo', 'searchTerms', 'websiteActivity', 'websiteContent'];
    expect(declared?.required).toEqual(['personallyIdentifyingInfo', 'authenticationInfo']);
    expect(declared?.optional).toEqual(['technicalAndInteraction', 'browsingActivity']);
    for (const type of declared?.required ?? []) expect(MOZILLA_TYPES).toContain(type);
    // technicalAndInteraction may only be optional; "none" only alone and only required.
    for (const type of declared?.optional ?? []) expect([...MOZILLA_TYPES, 'technicalAndInteraction']).toContain(type);
  });
});

describe('icon paths for extension pages', () => {
  test('name each size under /icons/ and map to the manifest form without the leading slash', () => {
    expect(ICON_SIZES.map((size) => iconPath(size))).toEqual(['/icons/16.png', '/icons/32.png', '/icons/48.png', '/icons/96.png', '/icons/128.png']);
    expect(manifestIcons()['48']).toBe('icons/48.png');
  });

  test('a srcset offers every file at least as large as the shown size, with its density', () => {
    expect(iconSrcset(24)).toBe('/icons/32.png 1.33x, /icons/48.png 2x, /icons/96.png 4x, /icons/128.png 5.33x');
    expect(iconSrcset(128)).toBe('/icons/128.png 1x');
  });
});
