/**
 * What the four adapter tests share: fixtures of the site, reading every post a root holds,
 * finding posts and reasons in the reads, and fixtures opened with their inline scripts running
 * (infinite scroll, modals, SPA navigation) in happy-dom windows closed after each test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Window } from 'happy-dom';
import { afterEach, expect } from 'vitest';
import type { PostRef } from '@/utils/catalog/model';
import type { ReadResult, SiteAdapter } from '@/utils/sites/types';

export interface Read {
  el: Element;
  read: ReadResult;
}

export interface Scripted {
  win: Window;
  doc: Document;
  /** The window's current URL (after the page's pushState). */
  here: () => URL;
}

export function adapterHarness(adapter: SiteAdapter, origin: string) {
  const dir = path.resolve(import.meta.dirname, '../../fixtures', adapter.platform);
  const fixture = (name: string): string => readFileSync(path.join(dir, name), 'utf8');
  const windows: Window[] = [];
  afterEach(async () => {
    for (const win of windows.splice(0)) await win.happyDOM.close();
  });

  const posts = (reads: Read[]): PostRef[] => reads.flatMap(({ read }) => (read.ok ? [read.post] : []));

  return {
    fixture,
    parse: (html: string): Document => new DOMParser().parseFromString(html, 'text/html'),
    at: (where: string): URL => new URL(where, origin),
    readAll: (root: ParentNode, location: URL): Read[] => adapter.findPosts(root).map((el) => ({ el, read: adapter.readPost(el, location) })),
    posts,
    ids: (reads: Read[]): string[] => posts(reads).map((p) => p.postId),
    reasons: (reads: Read[]): string[] => reads.flatMap(({ read }) => (read.ok ? [] : [read.reason])),
    post(reads: Read[], id: string): PostRef {
      const found = posts(reads).find((p) => p.postId === id);
      if (!found) throw new Error(`post ${id} not read`);
      return found;
    },
    elementOf(reads: Read[], id: string): Element {
      const found = reads.find(({ read }) => read.ok && read.post.postId === id);
      if (!found) throw new Error(`post ${id} not found`);
      return found.el;
    },
    expectNoNesting(elements: Element[]): void {
      for (const a of elements) for (const b of elements) if (a !== b) expect(a.contains(b)).toBe(false);
    },
    /** A fixture with its inline script running, in its own happy-dom window at `url`. */
    openScripted: (name: string, url: string): Promise<Scripted> => open(fixture(name), url),
    /** Markup of a test, in its own happy-dom window at `url` (location and layout attributes as in a page). */
    openHtml: (html: string, url: string): Promise<Scripted> => open(html, url),
  };

  async function open(html: string, url: string): Promise<Scripted> {
    const win = new Window({
      url,
      width: 1280,
      height: 900,
      settings: {
        enableJavaScriptEvaluation: true,
        suppressInsecureJavaScriptEnvironmentWarning: true,
        disableJavaScriptFileLoading: true,
        disableCSSFileLoading: true,
      },
    });
    windows.push(win);
    win.document.write(html);
    await win.happyDOM.waitUntilComplete();
    return { win, doc: win.document as unknown as Document, here: () => new URL(win.location.href) };
  }
}
