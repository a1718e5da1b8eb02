/**
 * Who may write a catalog record. Every row carries the source that brought it (`sourceId`), and a
 * source may create, change and delete only rows that are new or its own: a second source sending
 * an id already taken is refused record by record (`skipOwnedByOtherSource`, naming the owner), so
 * it can neither rewrite a merchant's store or orders server nor delete what another source brought.
 *
 * The bundled demo catalog is the one exception, as the lowest-trust owner: it is ours, for trying
 * Postcart out, and the local catalog server (`npm run server`) serves the same merchants and
 * products. A real source that declares a demo id takes that record over; the demo never takes a
 * record from anyone, and comes back only into what a removed source leaves free.
 * Tags a seller placed in this browser (`local`) belong to the source their product comes from,
 * which is where they are published and whose feed brings them back.
 */
import type { PostcartDB } from '../catalog/db';
import type { SourceState } from './source';

/** The bundled demo catalog's source id. */
export const DEMO_SOURCE_ID = 'demo';

/** The owner of tags a seller placed in this browser until their source sends them back. */
export const LOCAL_OWNER = 'local';

/** Whether `writer` may change or delete a row that `owner` brought (undefined: no such row yet). */
export function mayWrite(owner: string | undefined, writer: string): boolean {
  if (owner === undefined || owner === writer) return true;
  return owner === DEMO_SOURCE_ID && writer !== DEMO_SOURCE_ID;
}

/** How a source is named to the user: its label, else its host. */
export function sourceName(source: Pick<SourceState, 'label' | 'url'> | undefined, fallback = ''): string {
  if (!source) return fallback;
  if (source.label) return source.label;
  try {
    return new URL(source.url).host;
  } catch {
    return source.url.slice(0, 100);
  }
}

/**
 * After `removedId` is gone, the sources it had refused records of are synced again from the start:
 * an incremental feed would never send those records again, and they are free now.
 * Returns the ids of the sources to sync.
 */
export async function releaseRefused(db: PostcartDB, removedId: string): Promise<string[]> {
  return db.transaction('rw', db.sources, async () => {
    const refused = await db.sources.filter((source) => (source.refusedBy ?? []).includes(removedId)).toArray();
    for (const source of refused) {
      await db.sources.put({ ...source, cursor: null, etag: null, refusedBy: source.refusedBy.filter((id) => id !== removedId) });
    }
    return refused.map((source) => source.id);
  });
}
