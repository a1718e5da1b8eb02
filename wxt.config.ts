import { defineConfig } from 'wxt';
import { ALL_MATCHES } from './utils/sites/registry';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Parallel work (and benchmarks) can build elsewhere: WXT_OUT_DIR=/tmp/x npm run build.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  // No auto-imports: every module says where its names come from.
  imports: false,
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'unlimitedStorage', 'alarms'],
    // Catalog sources without CORS (a Shopify store's products.json) are asked for one by one, when
    // the user adds them in the options page; the Postcart server sends CORS and needs none.
    optional_host_permissions: ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'],
    action: { default_title: '__MSG_extName__' },
    web_accessible_resources: [
      { resources: ['demo/images/*'], matches: [...ALL_MATCHES] },
    ],
  },
  hooks: {
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
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    // NO_MINIFY=1 keeps function names readable in CPU profiles (BENCH_PROFILE=1 npm run bench).
    build: process.env.NO_MINIFY ? { minify: false } : {},
  }),
});
