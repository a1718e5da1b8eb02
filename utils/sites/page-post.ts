/**
 * The post a page's URL names (a post page, a modal over any page, a pin close-up, a video page),
 * found even in markup no adapter selector knows: the URL gives the id, and the page's dominant
 * picture or video (the largest one of the open dialog, else of the main region, that is not in a
 * link to another post) gives the element. One element per post: the adapter's own hooks win
 * when they find it first, and an element chosen here stays the post's element while it is on
 * the page (an adapter's element found later around it gives way to it).
 *
 * This is the one place that measures layout while finding posts, and only on pages whose URL
 * names a post that the adapter's hooks did not find.
 */
import { area } from './dom';

export interface PagePostHooks {
  /** The post the page URL names, or null (feeds, profiles, search). */
  idFromUrl(url: string): string | null;
  /** The post a link points to, or null: media in links to other posts are their tiles. */
  idFromHref(href: string): string | null;
  /** The id an element found by the adapter's own hooks stands for, read cheaply (no caption). */
  idOf(el: Element): string | null;
}

export interface PagePosts {
  /** The post id this element was chosen for, or null when the adapter's hooks found it. */
  chosenId(el: Element): string | null;
  /** `found` (the adapter's own posts under some root) completed with the page's post. */
  complete(found: Element[], doc: Document): Element[];
}

/** Smaller media (CSS px²) are avatars, icons and thumbnails, never the page's own post. */
const MIN_AREA = 160 * 160;
/** The frame around the media grows while its box stays within this factor of the media's. */
const SLACK = 1.25;

export function pagePosts(hooks: PagePostHooks): PagePosts {
  const chosen = new WeakMap<Element, string>();
  /** The element last chosen here, and the adapter's own element of the URL's post. */
  let last: Element | null = null;
  let known: Element | null = null;

  /** Pictures and videos of `scope` that may be the page's post: not in a link to another post, not in another post. */
  const candidates = (scope: Element, id: string, found: readonly Element[]): Element[] =>
    Array.from(scope.querySelectorAll('img, video')).filter((media) => {
      const link = media.closest('a[href]');
      const linked = link && scope.contains(link) ? hooks.idFromHref(link.getAttribute('href') ?? '') : null;
      return (!linked || linked === id) && !found.some((post) => post.contains(media) && hooks.idOf(post) !== id);
    });

  /**
   * The open dialog showing a picture or video of a post's size (the topmost, last in the page),
   * else the main region, else the body. Menus and share sheets are dialogs too, with avatars only.
   */
  const scopeOf = (doc: Document, id: string): Element => {
    const dialogs = Array.from(doc.querySelectorAll('[role="dialog"], dialog[open], [aria-modal="true"]')).reverse();
    return (
      dialogs.find((dialog) => candidates(dialog, id, []).some((media) => area(media) >= MIN_AREA)) ??
      doc.querySelector('main, [role="main"]') ??
      doc.body
    );
  };

  /** The box around the largest candidate: as big as the media (a carousel's frame, not one slide), never a link. */
  const dominantFrame = (scope: Element, id: string, found: readonly Element[]): Element | null => {
    let media: Element | null = null;
    let best = MIN_AREA - 1;
    for (const candidate of candidates(scope, id, found)) {
      const size = area(candidate);
      if (size > best) [media, best] = [candidate, size];
    }
    if (!media) return null;
    const box = media.getBoundingClientRect();
    let frame = media.parentElement ?? media;
    // Without layout (a page not rendered yet) the media's own box is the frame.
    for (let up = frame.parentElement; box.width > 0 && up && up !== scope && scope.contains(up); up = up.parentElement) {
      const rect = up.getBoundingClientRect();
      if (rect.width > box.width * SLACK || rect.height > box.height * SLACK) break;
      frame = up;
    }
    // A click on the overlay must not follow the post's own link around the media.
    const link = frame.closest('a[href]');
    return link && scope.contains(link) && link.parentElement ? link.parentElement : frame;
  };

  return {
    chosenId: (el) => chosen.get(el) ?? null,
    complete(found, doc) {
      const view = doc.defaultView;
      const id = view && hooks.idFromUrl(view.location.href);
      if (!id) return found;
      const scope = scopeOf(doc, id);
      const near = (el: Element): boolean => scope.contains(el) || el.contains(scope);
      const mine = last?.isConnected && chosen.get(last) === id ? last : null;
      const own = found.filter((el) => el !== mine && near(el) && hooks.idOf(el) === id);
      if (own[0]) {
        known = own[0];
        return mine && own.some((el) => el.contains(mine)) ? [...found.filter((el) => !own.includes(el)), mine] : found;
      }
      if (known?.isConnected && near(known) && hooks.idOf(known) === id) return found;
      if (mine) return found.includes(mine) ? found : [...found, mine];
      const frame = dominantFrame(scope, id, found);
      if (!frame) return found;
      chosen.set(frame, id);
      last = frame;
      return [...found, frame];
    },
  };
}
