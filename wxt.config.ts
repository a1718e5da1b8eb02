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
  // Vite 8 transforms with Oxc: JSX compiles to Preact's automatic runtime (no React, no compat layer).
  vite: () => ({
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  }),
});
