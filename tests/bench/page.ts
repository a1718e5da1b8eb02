/**
 * What the overlay benchmark runs in the page's main world (`instrument` is serialized into the
 * page, so it uses nothing from outside itself). The page has no script of its own: every element
 * added inside a post after the benchmark inserted it is the extension's (a buy button, its host,
 * the dots over the picture), whatever the extension names its elements.
 */

export interface FeedOptions {
  container: string;
  /** HTML of every post of the feed, in order. */
  posts: string[];
  /** Indexes (into `posts`) of the posts that carry a product. */
  tagged: number[];
  batch: number;
  aheadPx: number;
  /** Scroll speed, px per second. */
  speed: number;
}

/** One tagged post of the scroll phase. */
export interface SeenPost {
  index: number;
  /** Its button was painted no later than the frame in which its first pixel could show. */
  covered: boolean;
  /** How far below the viewport's bottom edge its top was when inserted, px (negative: inside). */
  aheadPx: number;
  /** From when it could first show to the frame its button was painted, ms (0 when covered; null: never). */
  lateMs: number | null;
}

export interface FeedResult {
  seen: SeenPost[];
  frames: number;
  /** Longest gap between two frames of the scroll, ms. */
  longestFrameMs: number;
}

export interface SameFrameResult {
  posts: number;
  /** Posts whose button was there in the frame they were inserted. */
  inFrame: number;
}

export interface Bench {
  latencies: number[];
  buttons: number;
  append(container: string, html: string, keep: number): number;
  scrollFeed(options: FeedOptions): Promise<FeedResult>;
  reinsert(options: { container: string; posts: string[]; navigateTo: string | null }): Promise<SameFrameResult>;
}

/** Installed before the page loads (addInitScript): timestamps posts and the extension's elements in them. */
export function instrument(): void {
  const posts = new WeakSet<Element>();
  /** Post -> insertion time, while it waits for its first button (latency). */
  const pending = new Map<Element, number>();
  const buttoned = new WeakSet<Element>();
  /** Post -> how many elements it had when inserted: any more are the extension's. */
  const sizes = new WeakMap<Element, number>();
  const latencies: number[] = [];
  const track = (el: Element): void => {
    posts.add(el);
    sizes.set(el, el.getElementsByTagName('*').length);
  };
  const hasButton = (el: Element): boolean => el.getElementsByTagName('*').length > (sizes.get(el) ?? Infinity);
  const postOf = (node: Element): Element | null => {
    for (let cur = node.parentElement; cur; cur = cur.parentElement) if (posts.has(cur)) return cur;
    return null;
  };
  const frame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));
  /**
   * Lets what is queued behind a DOM change run (the extension's mutation callback and the pass
   * it queues), still inside the same rendering step: anything it draws is painted this frame.
   */
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 6; i += 1) await null;
  };
  const elementsOf = (html: string): Element[] => {
    const template = document.createElement('template');
    template.innerHTML = html;
    return [...template.content.children];
  };

  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        const post = postOf(node);
        if (!post || buttoned.has(post)) continue;
        buttoned.add(post);
        bench.buttons += 1;
        const start = pending.get(post);
        pending.delete(post);
        // The button is painted in the frame after it is added.
        if (start !== undefined) requestAnimationFrame(() => latencies.push(performance.now() - start));
      }
    }
  }).observe(document, { childList: true, subtree: true });

  /**
   * The shopper's scroll: the page moves at `speed` px/s by the clock (as the compositor scrolls,
   * however busy the main thread is), and the feed inserts `batch` posts whenever less than
   * `aheadPx` is left below the viewport. A tagged post is covered when its button was painted in
   * a frame no later than the moment the scroll could first have shown a pixel of it.
   */
  async function scrollFeed(options: FeedOptions): Promise<FeedResult> {
    const host = document.querySelector(options.container)!;
    const view = innerHeight;
    const tagged = new Set(options.tagged);
    const watched = new Map<Element, { index: number; insertedAt: number; aheadPx: number; buttonAt: number | null; enteredAt: number | null }>();
    let next = 0;
    const fill = (now: number): void => {
      while (next < options.posts.length && host.getBoundingClientRect().bottom - view < options.aheadPx) {
        const batch = options.posts.slice(next, next + options.batch).flatMap(elementsOf);
        batch.forEach((el, k) => {
          track(el);
          if (tagged.has(next + k)) watched.set(el, { index: next + k, insertedAt: now, aheadPx: 0, buttonAt: null, enteredAt: null });
        });
        host.append(...batch);
        for (const el of batch) {
          const entry = watched.get(el);
          if (entry) entry.aheadPx = el.getBoundingClientRect().top - view;
        }
        next += options.batch;
      }
    };
    // The page as it loads: the first viewport and what is ahead of it, then a pause. Posts in
    // view at load are not scrolled into view: they do not count.
    scrollTo(0, 0);
    fill(performance.now());
    for (const [el] of watched) if (el.getBoundingClientRect().top < view) watched.delete(el);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const start = await frame();
    let last = start;
    let frames = 0;
    let longest = 0;
    for (;;) {
      const now = await frame();
      frames += 1;
      longest = Math.max(longest, now - last);
      last = now;
      const bottom = document.documentElement.scrollHeight - view;
      const y = Math.min(((now - start) * options.speed) / 1000, bottom);
      scrollTo(0, y);
      fill(now);
      await settle();
      let open = 0;
      for (const [el, entry] of watched) {
        if (entry.buttonAt === null && hasButton(el)) entry.buttonAt = now;
        if (entry.enteredAt !== null) continue;
        open += 1;
        const top = el.getBoundingClientRect().top;
        if (top >= view) continue;
        // When the scroll brought its top to the bottom edge, and never before it was inserted.
        entry.enteredAt = Math.max(now - ((view - top) * 1000) / options.speed, entry.insertedAt);
      }
      if (next >= options.posts.length && (open === 0 || y >= bottom - 1)) break;
    }
    // Buttons that come after their post showed: when they came.
    const deadline = performance.now() + 3000;
    while (performance.now() < deadline && [...watched].some(([el, entry]) => entry.buttonAt === null && !hasButton(el))) await frame();
    const end = await frame();
    const seen: SeenPost[] = [];
    for (const [el, entry] of watched) {
      const buttonAt = entry.buttonAt ?? (hasButton(el) ? end : null);
      const enteredAt = entry.enteredAt ?? end;
      const covered = buttonAt !== null && buttonAt <= enteredAt;
      seen.push({ index: entry.index, covered, aheadPx: Math.round(entry.aheadPx), lateMs: buttonAt === null ? null : covered ? 0 : Math.round(buttonAt - enteredAt) });
    }
    return { seen: seen.sort((a, b) => a.index - b.index), frames, longestFrameMs: Math.round(longest) };
  }

  /**
   * Posts the tab has seen come back as new elements, as a virtualizer renders them again when
   * the shopper scrolls back, or as the SPA renders the feed again after navigating away
   * (`navigateTo`) and back: how many have their button in the very frame they are inserted.
   */
  async function reinsert(options: { container: string; posts: string[]; navigateTo: string | null }): Promise<SameFrameResult> {
    const host = document.querySelector(options.container)!;
    const home = location.href;
    host.replaceChildren();
    if (options.navigateTo) {
      history.pushState({}, '', options.navigateTo);
      await new Promise((resolve) => setTimeout(resolve, 500));
      history.pushState({}, '', home);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await frame();
    const elements = options.posts.flatMap(elementsOf);
    elements.forEach(track);
    host.append(...elements);
    await settle();
    const inFrame = elements.filter(hasButton).length;
    return { posts: elements.length, inFrame };
  }

  const bench: Bench = {
    latencies,
    buttons: 0,
    append(container, html, keep) {
      const host = document.querySelector(container)!;
      const nodes = elementsOf(html);
      const now = performance.now();
      for (const node of nodes) {
        track(node);
        pending.set(node, now);
      }
      host.append(...nodes);
      while (keep > 0 && host.children.length > keep) {
        const first = host.firstElementChild!;
        pending.delete(first);
        first.remove();
      }
      return host.children.length;
    },
    scrollFeed,
    reinsert,
  };
  (window as unknown as { __bench: Bench }).__bench = bench;
}
