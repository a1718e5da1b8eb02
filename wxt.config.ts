import { transform as transformCss } from 'lightningcss';
import type { Plugin } from 'vite';
import { defineConfig, type UserManifest } from 'wxt';
import { manifestIcons } from './utils/platform/icons';
import { pseudoLocalize } from './utils/platform/i18n/compile';
import { buildBundles } from './utils/platform/i18n/sources';
import { ALL_MATCHES } from './utils/sites/registry';

/**
 * Firefox's add-on settings. The id keeps storage and the moz-extension:// UUID stable across
 * installs and updates (and is what AMO signs). 140 is the first Firefox with built-in data
 * collection consent (`data_collection_permissions`); it also has everything else the build relies
 * on (MV3 event page with a module background, optional_host_permissions, host permissions granted
 * at install). CSS anchor positioning (147) is feature-detected, with a fallback.
 */
const GECKO = {
  id: 'postcart@postcart.example',
  strict_min_version: '140.0',
  // What leaves the browser (Mozilla's taxonomy, extensionworkshop.com firefox-builtin-data-consent):
  // - required: checkout sends the shopper's name, email and address to the merchant (an
  //   orders-api request, or prefilled on the Shopify cart permalink), and a seller's token goes
  //   to their catalog server. Both only on the user's click, but neither type may be implied.
  // - optional: the anonymous shopping stats (events on the extension's buttons, the https link
  //   of the post they were on), off until the user agrees.
  data_collection_permissions: {
    required: ['personallyIdentifyingInfo', 'authenticationInfo'],
    optional: ['technicalAndInteraction', 'browsingActivity'],
  },
} satisfies NonNullable<NonNullable<UserManifest['browser_specific_settings']>['gecko']>;

/**
 * The overlay's stylesheet is a template literal (utils/overlay/styles.ts: content scripts adopt it
 * in their shadow roots, no CSS file to fetch), written to be read. It ships minified like any CSS
 * file would (comments and whitespace out, about 0.2 KB gzipped per content script, which must stay
 * under 30 KB gzipped) by lightningcss, the minifier Vite itself uses for CSS.
 */
function minifyOverlayCss(): Plugin {
  return {
    name: 'postcart:minify-overlay-css',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('/utils/overlay/styles.ts')) return null;
      const literal = /(export const OVERLAY_CSS = `)([^`$]*)(`)/;
      if (!literal.test(code)) {
        this.warn('OVERLAY_CSS is no plain template literal any more: left as written');
        return null;
      }
      return code.replace(literal, (_, open: string, raw: string, close: string) => {
        // `\\` is the only escape the stylesheet uses (a CSS escape such as `\1F3F7`).
        if (raw.replaceAll('\\\\', '').includes('\\')) throw new Error('OVERLAY_CSS uses an escape other than \\\\');
        const css = raw.replaceAll('\\\\', '\\');
        const minified = transformCss({ filename: 'overlay.css', code: new TextEncoder().encode(css), minify: true }).code;
        return open + new TextDecoder().decode(minified).replaceAll('\\', '\\\\').replaceAll('`', '\\`') + close;
      });
    },
  };
}

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Parallel work (and benchmarks) can build elsewhere: WXT_OUT_DIR=/tmp/x npm run build.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  // No auto-imports: every module says where its names come from.
  imports: false,
  // Manifest V3 for Firefox too (WXT's default there is MV2, whose manifest would lose
  // optional_host_permissions: WXT strips the key for MV2 without moving it to optional_permissions).
  // Firefox runs an MV3 background as a non-persistent event page, grants MV3 host permissions at
  // install since 127 and has optional_host_permissions since 128; the gecko settings below need 140.
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    icons: manifestIcons(),
    // notifications: price alerts for the shopper's watches (utils/catalog/notifier.ts).
    permissions: ['storage', 'unlimitedStorage', 'alarms', 'notifications'],
    // Catalog sources without CORS (a Shopify store's products.json) are asked for one by one, when
    // the user adds them in the options page; the Postcart server sends CORS and needs none.
    optional_host_permissions: ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'],
    action: { default_title: '__MSG_extName__', default_icon: manifestIcons() },
    web_accessible_resources: [
      // editor.html: the seller's tag editor, framed in the overlay so the page cannot read its keystrokes.
      { resources: ['demo/images/*', 'editor.html'], matches: [...ALL_MATCHES] },
    ],
    // Firefox for Android has data_collection_permissions from 142.
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: GECKO, gecko_android: { strict_min_version: '142.0' } } } : {}),
  }),
  zip: {
    // The sources zip is what Mozilla's reviewers rebuild the Firefox package from: no test
    // artifacts, benchmark results, local databases or the server (not part of the extension).
    excludeSources: ['server/**', 'tests/**', 'test-results/**', 'playwright-report/**'],
  },
  hooks: {
    // Postcart's own message bundles, one file per language (/i18n/<lang>.json, not web-accessible):
    // pages fetch theirs, the background copies the chosen one into storage for the content
    // scripts. POSTCART_PSEUDO=1 builds English as the pseudo-locale (accented, 40 % longer).
    'build:publicAssets': (_wxt, files) => {
      const bundles = buildBundles(process.env.POSTCART_PSEUDO ? pseudoLocalize : undefined);
      for (const [language, bundle] of Object.entries(bundles)) files.push({ relativeDest: `i18n/${language}.json`, contents: JSON.stringify(bundle) });
    },
    // Content scripts run on every social page, so their size matters: there the browser's own
    // promise-based API (Chrome MV3, Firefox) is used instead of webextension-polyfill (~2.8 KB
    // gzipped), which stays in the background and the extension pages.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((entrypoint) => entrypoint.type === 'content-script')) return;
      const alias = config.resolve?.alias;
      if (Array.isArray(alias)) {
        config.resolve!.alias = alias.filter((entry: { find: unknown }) => entry.find !== 'wxt/browser');
      } else if (alias && typeof alias === 'object') {
        delete (alias as Record<string, unknown>)['wxt/browser'];
      }
    },
  },
  // Vite 8 transforms with Oxc: JSX compiles to Preact's automatic runtime (no React, no compat layer).
  vite: () => ({
    plugins: [minifyOverlayCss()],
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    // Test builds (POSTCART_TEST_HOOKS=1, `npm run build:e2e`) open the overlay's shadow roots and
    // give its hosts fixed names, for Playwright (utils/overlay/names.ts); production builds never.
    define: { __POSTCART_TEST_HOOKS__: JSON.stringify(process.env.POSTCART_TEST_HOOKS === '1') },
    // NO_MINIFY=1 keeps function names readable in CPU profiles (BENCH_PROFILE=1 npm run bench);
    // SOURCEMAP=1 writes source maps, for `npm run size` (what each module costs a content script).
    build: { ...(process.env.NO_MINIFY ? { minify: false } : {}), ...(process.env.SOURCEMAP ? { sourcemap: true } : {}) },
  }),
});
