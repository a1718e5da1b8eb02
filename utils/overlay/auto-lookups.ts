/**
 * The automatic mode's eyes in the page (an option, off by default): posts showing a "Check price"
 * chip are watched with an IntersectionObserver, and only their coming into and leaving the view
 * goes to the background, all changes of one observer callback in one message. The background
 * paces the lookups (at most N a minute, one per product, never for a post that left the view
 * before its turn) and, once a product was looked up, tells the tab which posts to look up again
 * (`linked-read`, see the runner). A closed or reloaded tab takes its posts out of view in the
 * background by itself (tabs.onRemoved, tabs.onUpdated).
 */
import type { PostRef } from '../catalog/model';
import { MAX_LOOKUP_BATCH } from '../platform/limits';
import type { Send } from './messenger';

/**
 * Returns `watch(el, on)`: `on` when the element shows a chip and the mode is on; otherwise (no
 * chip any more, the mode off, the overlay going away) it is no longer watched, and out of view.
 */
export function autoLookups(win: Window, send: Send, postOf: (el: Element) => PostRef | undefined): (el: Element, on: boolean) => void {
  let observer: IntersectionObserver | undefined;
  /** Elements reported in view and not out of it since. */
  const seen = new Set<Element>();
  const tell = (elements: Element[], inView: boolean) => {
    const posts: PostRef[] = [];
    for (const el of elements) {
      const post = postOf(el);
      if (!post || seen.has(el) === inView) continue;
      if (inView) seen.add(el);
      else seen.delete(el);
      posts.push(post);
    }
    for (let i = 0; i < posts.length; i += MAX_LOOKUP_BATCH) {
      // The worker restarting: posts are reported again when they next come into view.
      send({ type: 'linked-view', posts: posts.slice(i, i + MAX_LOOKUP_BATCH), inView }).catch(() => seen.clear());
    }
  };
  return (el, on) => {
    if (on) {
      observer ??= new (win as Window & typeof globalThis).IntersectionObserver((entries) => {
        // A fast scroll can bring one element in and out in one callback: its last entry counts.
        const last = new Map<Element, boolean>();
        for (const entry of entries) last.set(entry.target, entry.isIntersecting);
        for (const inView of [true, false]) tell([...last].filter(([, is]) => is === inView).map(([el]) => el), inView);
      });
      observer.observe(el);
    } else {
      observer?.unobserve(el);
      tell([el], false);
    }
  };
}
