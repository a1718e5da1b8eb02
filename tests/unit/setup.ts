// IndexedDB for Dexie in Node and happy-dom; each test file gets a fresh in-memory instance.
import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

beforeEach(() => {
  fakeBrowser.reset();
});
