/**
 * Watching the page: which parts of the document changed since the last pass (only those are read
 * again, under infinite scroll), when the page navigated without reloading (pushState, the
 * Navigation API, back and forward), and when the site threw one of our hosts away with a post it
 * re-rendered. Mutations that only add or remove our own elements never start a pass.
 */

import { isOurs } from './names';

export interface WatchHandlers {
  /** A pass is due; `takeRoots` says over what. */
  changed(): void;
  /** The URL changed without a reload. */
  navigated(): void;
  /** One of our elements left the page; returns the post to read again when it was a live overlay host. */
  ownRemoved(node: Element): Element | null;
}

export class PageWatcher {
  private observer: MutationObserver | null = null;
  private queued = false;
  /** Subtrees added since the last pass; null means "the whole document". */
  private roots: Set<Element> | null = null;
  private lastUrl: string;
  private cleanups: (() => void)[] = [];

  constructor(
    private readonly win: Window,
    /** Whether the adapter can look near a change (otherwise every pass reads the whole document). */
    private readonly canLookNear: boolean,
    private readonly handlers: WatchHandlers,
  ) {
    this.lastUrl = win.location.href;
  }

  start(): void {
    const doc = this.win.document;
    this.observer = new MutationObserver((records) => this.onMutations(records));
    // href changes too: Facebook fills some permalinks in only on hover.
    this.observer.observe(doc.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] });
    // Same-document navigations (pushState) do not reload the script. The Navigation API tells of
    // every change of the current entry (pushState and replaceState included), so nothing runs
    // while nothing changes; without it, a page script's pushState has no event in this isolated
    // world, and a slow poll of the URL is the fallback.
    // Only the browser's own events: a page dispatching fake ones gets no reaction (the URL is compared anyway).
    const onNavigate = (event: Event) => event.isTrusted && this.win.setTimeout(() => this.checkUrl(), 0);
    const nav = (this.win as Window & { navigation?: EventTarget }).navigation;
    if (nav) {
      nav.addEventListener('currententrychange', onNavigate);
      this.cleanups.push(() => nav.removeEventListener('currententrychange', onNavigate));
    } else {
      this.win.addEventListener('popstate', onNavigate);
      const poll = this.win.setInterval(() => this.checkUrl(), 1000);
      this.cleanups.push(() => {
        this.win.removeEventListener('popstate', onNavigate);
        this.win.clearInterval(poll);
      });
    }
  }

  stop(): void {
    this.observer?.disconnect();
    this.observer = null;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  /** What the next pass looks at: the roots of changes since the last one, or null for the whole document. */
  takeRoots(): Set<Element> | null {
    const roots = this.canLookNear ? this.roots : null;
    this.roots = new Set();
    return roots;
  }

  /** A pass looks at `el` again (a post whose host the page removed, after a pause). */
  revisit(el: Element): void {
    this.roots?.add(el);
    this.queue();
  }

  /** The next pass reads the whole document. */
  readAll(): void {
    this.roots = null;
  }

  private checkUrl(): void {
    const url = this.win.location.href;
    if (url === this.lastUrl) return;
    this.lastUrl = url;
    this.handlers.navigated();
  }

  /** Collects what changed; the pass runs once per burst of mutations, in a microtask. */
  private onMutations(records: MutationRecord[]): void {
    let relevant = false;
    for (const record of records) {
      if (this.isOwnMutation(record)) {
        // The site re-rendered a post and dropped our host with it: the post is read again.
        for (const node of record.removedNodes) {
          const post = node instanceof Element ? this.handlers.ownRemoved(node) : null;
          if (post) {
            this.roots?.add(post);
            relevant = true;
          }
        }
        continue;
      }
      relevant = true;
      if (!this.roots) continue;
      if (record.type === 'attributes' && record.target instanceof Element) this.roots.add(record.target);
      for (const node of record.addedNodes) {
        if (node instanceof Element) this.roots.add(node);
        // Text or attribute-less changes inside a post: look at the post around them.
        else if (node.parentElement) this.roots.add(node.parentElement);
      }
    }
    if (relevant) this.queue();
  }

  private queue(): void {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      this.handlers.changed();
    });
  }

  /** Mutations that only add or remove our own elements. */
  private isOwnMutation(record: MutationRecord): boolean {
    const nodes = [...record.addedNodes, ...record.removedNodes];
    return nodes.length > 0 && nodes.every(isOurs);
  }
}
