/**
 * The background's side of the tagged sets (tagged-set.ts): built from the database's keys (the
 * tags' `[platform+postId]` index, the products' `urlKey` index, the merchants' accounts), kept in
 * the worker's memory for lookups, and published to `storage.local` for content scripts.
 *
 * Kept true by Dexie's `storagemutated` event, which fires when a write commits, before any code
 * awaiting that write goes on: from then until the next build the worker's sets count as stale and
 * lookups read the database as before. A build waits for writes to pause (a sync writes page after
 * page), at most MAX_WAIT_MS. A build after writes also bumps the catalog's version, so tabs drop
 * the offers they hold (prices and reviews change without changing a set).
 */
import { Dexie, type ObservabilitySet } from 'dexie';
import type { PostcartDB } from './db';
import { normalizeHandle } from './matching';
import type { Platform } from './model';
import { encodeSet, hashSet, LINKS_KEY, MAX_HANDLES, STALE_KEY, TaggedSet, taggedKey, VERSION_KEY, type StoredLinkSet, type StoredPlatformSet } from './tagged-set';

export const PLATFORMS: readonly Platform[] = ['instagram', 'pinterest', 'tiktok', 'facebook'];
/** A build waits for this long without writes... */
export const QUIET_MS = 1000;
/** ...but no longer than this after the first write it has not seen. */
export const MAX_WAIT_MS = 20_000;

/** Where content scripts read the sets: `browser.storage.local` in the extension. */
export interface SetStore {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

export interface BuiltSets {
  platforms: Record<Platform, StoredPlatformSet>;
  links: StoredLinkSet;
  /** Entries per part, for figures. */
  counts: { tags: Record<Platform, number>; links: number };
}

/** Reads the keys the sets are made of, in one read transaction, and encodes them. */
export async function buildSets(db: PostcartDB): Promise<BuiltSets> {
  const [tagKeys, urlKeys, merchants] = await db.transaction('r', [db.tags, db.products, db.merchants], () =>
    Promise.all([db.tags.orderBy('[platform+postId]').uniqueKeys(), db.products.orderBy('urlKey').uniqueKeys(), db.merchants.toArray()]),
  );
  const ids = new Map<Platform, string[]>(PLATFORMS.map((p) => [p, []]));
  for (const key of tagKeys) {
    const [platform, postId] = key as unknown as [Platform, string];
    ids.get(platform)?.push(postId);
  }
  const links = hashSet(urlKeys.filter((k): k is string => typeof k === 'string'));
  const platforms = {} as Record<Platform, StoredPlatformSet>;
  const counts = { tags: {} as Record<Platform, number>, links: links?.length ?? urlKeys.length };
  for (const platform of PLATFORMS) {
    const hashes = hashSet(ids.get(platform)!);
    const handles = [...new Set(merchants.map((m) => m.accounts[platform]).filter((h): h is string => !!h).map(normalizeHandle))].sort();
    platforms[platform] = { ids: hashes ? encodeSet(hashes) : null, handles: handles.length > MAX_HANDLES ? null : handles };
    counts.tags[platform] = ids.get(platform)!.length;
  }
  return { platforms, links: { keys: links ? encodeSet(links) : null }, counts };
}

export class TaggedSets {
  private readonly parts: string[];
  /** Bumped by every write seen; a build is fresh while it matches. */
  private generation = 0;
  private built: { generation: number; sets: Map<Platform, TaggedSet> } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private firstDirtyAt: number | null = null;
  private building: Promise<void> | null = null;
  private store: SetStore | null = null;
  /** What storage holds, to write only what changed. */
  private published = new Map<string, string>();
  /** The generation tabs were last told about (0: what storage held when this worker started). */
  private publishedGeneration = 0;
  private listening = false;
  /** Tabs were told the stored sets may be out of date, since the last publish. */
  private staleMarked = false;
  readonly stats = { builds: 0, lastBuildMs: 0 };

  constructor(
    private readonly db: PostcartDB,
    private readonly now: () => number = () => performance.now(),
  ) {
    const base = `idb://${db.name}/`;
    this.parts = ['tags', 'products', 'merchants', 'reviews'].map((table) => `${base}${table}/`);
  }

  private readonly onMutated = (changed: ObservabilitySet): void => {
    for (const part of Object.keys(changed)) {
      // Other databases and other tables (the cart, orders, events) change no offer.
      if (part.startsWith('idb://') && !this.parts.some((prefix) => part.startsWith(prefix))) continue;
      this.generation += 1;
      if (!this.staleMarked) void this.markStale().catch((error: unknown) => console.warn('[postcart] tagged sets not marked stale', error));
      this.schedule();
      return;
    }
  };

  /**
   * Tells tabs, at the first write after a build, that the stored sets may miss it (a post tagged
   * a moment ago): they ask about every post until the next build bumps the version.
   */
  private async markStale(): Promise<void> {
    const store = this.store;
    if (!store) return;
    this.staleMarked = true;
    const version = this.published.has(VERSION_KEY) ? Number(JSON.parse(this.published.get(VERSION_KEY)!)) : (await store.get([VERSION_KEY]))[VERSION_KEY];
    await store.set({ [STALE_KEY]: version ?? 0 });
  }

  /** Starts following the database: builds now, and again after writes. */
  start(): void {
    if (!this.listening) {
      Dexie.on.storagemutated.subscribe(this.onMutated);
      this.listening = true;
    }
    this.schedule(0);
  }

  stop(): void {
    if (this.listening) Dexie.on.storagemutated.unsubscribe(this.onMutated);
    this.listening = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Publishes every build to `store` for content scripts (the extension's storage.local). */
  publishTo(store: SetStore): void {
    this.store = store;
  }

  /** The platform's set when no write happened since it was built; null otherwise (read the database). */
  fresh(platform: Platform): TaggedSet | null {
    if (!this.built || this.built.generation !== this.generation) return null;
    return this.built.sets.get(platform) ?? null;
  }

  /** Builds now (tests, and the first lookups after the worker starts); resolves when done. */
  async build(): Promise<void> {
    while (this.building) await this.building;
    const generation = this.generation;
    this.building = this.run(generation).finally(() => (this.building = null));
    await this.building;
  }

  private schedule(delay = QUIET_MS): void {
    const now = this.now();
    this.firstDirtyAt ??= now;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(delay, this.firstDirtyAt + MAX_WAIT_MS - now));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.firstDirtyAt = null;
      void this.build().catch((error: unknown) => console.warn('[postcart] tagged sets not built', error));
    }, wait);
  }

  private async run(generation: number): Promise<void> {
    const started = this.now();
    const built = await buildSets(this.db);
    this.stats.builds += 1;
    this.stats.lastBuildMs = this.now() - started;
    const sets = new Map<Platform, TaggedSet>();
    for (const platform of PLATFORMS) {
      const set = TaggedSet.fromStored(built.platforms[platform], built.links);
      if (set) sets.set(platform, set);
    }
    // A write during the build: keep it for tabs (the next build follows), not for lookups.
    this.built = { generation, sets };
    // The first build of a worker changes nothing a tab holds unless the sets differ from storage.
    if (!this.store) return;
    await this.publish(built, generation !== this.publishedGeneration);
    this.publishedGeneration = generation;
    // A write during the build keeps the mark: it bumps the generation again and the next build follows.
    if (generation === this.generation) this.staleMarked = false;
  }

  private async publish(built: BuiltSets, wrote: boolean): Promise<void> {
    const store = this.store!;
    if (this.published.size === 0) {
      const stored = await store.get([LINKS_KEY, VERSION_KEY, ...PLATFORMS.map(taggedKey)]);
      for (const [key, value] of Object.entries(stored)) this.published.set(key, JSON.stringify(value));
    }
    const items: Record<string, unknown> = { [LINKS_KEY]: built.links };
    for (const platform of PLATFORMS) items[taggedKey(platform)] = built.platforms[platform];
    const changed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(items)) {
      const text = JSON.stringify(value);
      if (this.published.get(key) !== text) {
        changed[key] = value;
        this.published.set(key, text);
      }
    }
    if (!wrote && Object.keys(changed).length === 0) return;
    const version = Number(JSON.parse(this.published.get(VERSION_KEY) ?? '0')) || 0;
    changed[VERSION_KEY] = version + 1;
    this.published.set(VERSION_KEY, String(version + 1));
    await store.set(changed);
  }
}

const instances = new WeakMap<PostcartDB, TaggedSets>();

/** The database's tagged sets (one per database, like its lookup cache). */
export function taggedSets(db: PostcartDB): TaggedSets {
  let sets = instances.get(db);
  if (!sets) instances.set(db, (sets = new TaggedSets(db)));
  return sets;
}
