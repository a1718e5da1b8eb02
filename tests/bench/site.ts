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
  /** One post (or grid tile) in the site's current markup, for index i (ids unique per i). */
  post(i: number): string;
}
