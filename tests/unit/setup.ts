// IndexedDB for Dexie in Node and happy-dom; each test file gets a fresh in-memory instance.
import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setActiveBundle } from '@/utils/platform/i18n';
import { ENGLISH } from './fixtures';

beforeEach(() => {
  fakeBrowser.reset();
  // Every test speaks English unless it picks a language (fixtures.ts useLanguage): no mocks of browser.i18n.
  setActiveBundle(ENGLISH);
});
