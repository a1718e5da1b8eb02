/**
 * The automatic mode's eyes in the page (an option, off by default): posts showing a "Check price"
 * chip are watched with an IntersectionObserver, and only their coming into and leaving the view
 * goes to the background. The background paces the lookups (at most N a minute, one per product,
 * never for a post that left the view before its turn) and answers a post's "in view" once its
 * product was looked up (or with null when it will not be); the post is then looked up again. A closed or reloaded tab takes its
 * posts out of view in the background by itself (tabs.onRemoved, tabs.onUpdated).
 */
import type { PostRef } from '../catalog/model';
import type { Send } from './messenger';

/**
 * Returns `watch(el, on)`: `on` when the element shows a chip and the mode is on; otherwise (no
 * chip any more, the mode off, the overlay going away) it is no longer watched, and out of view.
 */
export function autoLookups(win: Window, send: Send, postOf: (el: Element) => PostRef | undefined, lookedUp: (postId: string) => void): (el: Element, on: boolean) => void {
  let observer: IntersectionObserver | undefined;
  /** Elements reported in view and not answered or gone since. */
  const seen = new Set<Element>();
  const view = (el: Element, inView: boolean) => {
    const post = postOf(el);
    if (!post || seen.has(el) === inView) return;
    if (inView) seen.add(el);
    else seen.delete(el);
    send({ type: 'linked-view', post, inView }).then(
      (answer) => answer && lookedUp(post.postId),
      // The worker restarting: the post is reported again when it next comes into view.
      () => seen.delete(el),
    );
  };
  return (el, on) => {
    if (on) {
      observer ??= new (win as Window & typeof globalThis).IntersectionObserver((entries) => {
        for (const entry of entries) view(entry.target, entry.isIntersecting);
      });
      observer.observe(el);
    } else {
      observer?.unobserve(el);
      view(el, false);
    }
  };
}
