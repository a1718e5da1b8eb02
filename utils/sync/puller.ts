/**
 * The contract between the sync engine and the source kinds: a source kind pulls its answer page
 * by page from the stored cursor, and the engine applies each page with the cursor after it in one
 * transaction.
 */
import type { PostcartDB } from '../catalog/db';
import type { Fetcher } from '../platform/http';
import type { ParsedFeed } from './records';
import type { SourceState } from './source';
import type { ReviewResolver } from './sources/reviews-feed';

export interface SyncDeps {
  db: PostcartDB;
  fetch: Fetcher;
  now?: () => number;
  random?: () => number;
  /** Records per page asked of paged sources. */
  pageSize?: number;
  /** Pages one run may apply (MAX_PAGES_PER_RUN unless a test says otherwise). */
  maxPages?: number;
}

/** One page a source yields: what to apply and where the next page starts. */
export interface Page {
  feed: ParsedFeed;
  /** Cursor stored with this page; null when the run is complete and the next starts afresh. */
  nextCursor: string | null;
  etag?: string | null;
  bytes: number;
  /** Total records of the run when the source says (for progress). */
  total?: number | null;
  done: boolean;
}

/** What a source kind gets to pull with. */
export interface PullDeps {
  fetch: Fetcher;
  now: () => number;
  random: () => number;
  pageSize: number;
  maxPages: number;
  /** How a reviews feed finds the product each review is about (the cache, for sync). */
  resolveReview: ReviewResolver;
}

/** Pulls one source from its stored cursor, page by page. */
export type Puller = (source: SourceState, deps: PullDeps) => AsyncGenerator<Page, void, void>;

/**
 * Splits one big parsed document (a snapshot source's whole file) into pages of `size` records,
 * each its own transaction.
 */
export function* snapshotPages(feed: ParsedFeed, size: number, bytes: number): Generator<Page> {
  const { products, reviews } = feed;
  const pages = Math.max(1, Math.ceil(Math.max(products.length, reviews.length) / size));
  for (let i = 0; i < pages; i += 1) {
    const first = i === 0;
    yield {
      feed: {
        ...feed,
        merchants: first ? feed.merchants : [],
        tags: first ? feed.tags : [],
        skipped: first ? feed.skipped : [],
        deleted: first ? feed.deleted : { products: [], tags: [] },
        products: products.slice(i * size, (i + 1) * size),
        reviews: reviews.slice(i * size, (i + 1) * size),
      },
      // A snapshot has no resumable position: a run cut short starts over, and upserts make the
      // pages already applied harmless.
      nextCursor: null,
      bytes: first ? bytes : 0,
      total: products.length + reviews.length,
      done: i === pages - 1,
    };
  }
}
