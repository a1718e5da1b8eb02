/** What the benchmark needs from each site to build a synthetic feed of its real markup. */
export interface BenchSite {
  platform: 'instagram' | 'pinterest' | 'tiktok' | 'facebook';
  /** A page URL on the real host that the benchmark routes to `shell`. */
  url: string;
  /** A whole HTML document with an empty feed container and no scripts. */
  shell: string;
  /** CSS selector of the container posts are appended to. */
  container: string;
  /** The post id the adapter reads from `post(i)`. */
  postId(i: number): string;
  /**
   * One post (or grid tile) in the site's current markup, for index i (ids unique per i). With
   * `link`, the post links to that page the way the site shows a link (a URL in the caption, or
   * the pin's outbound link).
   */
  post(i: number, link?: string): string;
  /**
   * How the site's feed brings posts while the shopper scrolls (the scroll phase): `batch` posts
   * at a time, inserted once less than `aheadPx` of content is left below the viewport's bottom
   * edge. Measured from the saved pages in ../shared/reference-pages and the sites' virtualizers;
   * `basis` says how (BENCHMARKS.md prints it).
   */
  feed: { batch: number; aheadPx: number; basis: string };
}
