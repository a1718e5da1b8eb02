/**
 * A merchant's social accounts are claims, not facts: any source can write "@acme is ours". A post
 * by an account is matched to its merchant's products by caption only while one source claims the
 * account. When merchants of two or more sources claim it, caption matching on it is off for all of
 * them until the user picks one in the options page (kept in the `meta` table). The bundled demo
 * catalog's claims count like any other: a source claiming a demo merchant's account under another
 * merchant is a look-alike until the user says otherwise (one that declares the demo merchant itself
 * takes its row over, sync/ownership.ts, and claims nothing twice).
 */
import { z } from 'zod';
import type { PostcartDB } from './db';
import { lookupCache } from './lookup-cache';
import { normalizeHandle } from './matching';
import { Id, Platform, PLATFORMS, type StoredMerchant } from './model';
import { DEMO_SOURCE_ID, sourceName } from '../sync/ownership';

/** The `meta` row holding the user's choices. */
export const CHOICES_KEY = 'claim-choices';

export const ClaimChoice = z.object({ platform: Platform, handle: z.string().trim().min(1).max(100), merchantId: Id.nullable() });
export type ClaimChoice = z.infer<typeof ClaimChoice>;

export const ContestedAccount = z.object({
  platform: Platform,
  /** Normalized: lower case, no @. */
  handle: z.string(),
  /** The merchant the user gave the account to; null while undecided (no caption matching). */
  chosen: Id.nullable(),
  /** Each claimant with its source (its label or host; `demo` for the bundled demo catalog). */
  claims: z.array(z.object({ merchantId: Id, merchantName: z.string(), sourceId: Id, sourceName: z.string(), demo: z.boolean() })),
});
export type ContestedAccount = z.infer<typeof ContestedAccount>;

const accountKey = (platform: string, handle: string) => `${platform}:${normalizeHandle(handle)}`;

/** The merchants claiming each account. */
function claimsByAccount(merchants: readonly StoredMerchant[]): Map<string, StoredMerchant[]> {
  const claims = new Map<string, StoredMerchant[]>();
  for (const merchant of merchants) {
    for (const platform of PLATFORMS) {
      const handle = merchant.accounts?.[platform];
      if (!handle || !normalizeHandle(handle)) continue;
      const key = accountKey(platform, handle);
      const list = claims.get(key);
      if (list) list.push(merchant);
      else claims.set(key, [merchant]);
    }
  }
  return claims;
}

const contested = (list: readonly StoredMerchant[]) => new Set(list.map((m) => m.sourceId)).size > 1;

/** The user's choices per account key, from the `meta` row's value (validated: storage is a boundary). */
export function parseChoices(value: unknown): Map<string, string | null> {
  const parsed = z.array(ClaimChoice).safeParse(value);
  return new Map((parsed.success ? parsed.data : []).map((c) => [accountKey(c.platform, c.handle), c.merchantId]));
}

async function readChoices(db: PostcartDB): Promise<Map<string, string | null>> {
  return parseChoices((await db.meta.get(CHOICES_KEY))?.value);
}

/** Whether merchants of two sources claim one account (only then do the user's choices matter). */
export function anyContested(merchants: readonly StoredMerchant[]): boolean {
  return [...claimsByAccount(merchants).values()].some(contested);
}

/**
 * Which merchant's captions count for each account ("instagram:acme" -> merchant id): the one
 * claimant, or the one the user chose among several; contested accounts without a choice are absent.
 * Within one source the first merchant claiming an account has it (that source's own affair).
 */
export function captionOwners(merchants: readonly StoredMerchant[], choices: ReadonlyMap<string, string | null>): Map<string, string> {
  const claims = claimsByAccount(merchants);
  const owners = new Map<string, string>();
  for (const [key, list] of claims) {
    if (!contested(list)) owners.set(key, list[0]!.id);
    else {
      const chosen = choices.get(key);
      if (chosen && list.some((m) => m.id === chosen)) owners.set(key, chosen);
    }
  }
  return owners;
}

/** The merchant whose products a post's caption may name: its author's account's owner. */
export function captionOwner(owners: ReadonlyMap<string, string>, platform: string, author: string): string | undefined {
  return owners.get(accountKey(platform, author));
}

/** Accounts claimed by merchants of more than one source, for the options page. */
export async function contestedAccounts(db: PostcartDB): Promise<ContestedAccount[]> {
  const [merchants, sources, choices] = await Promise.all([db.merchants.toArray(), db.sources.toArray(), readChoices(db)]);
  const byId = new Map(sources.map((s) => [s.id, s]));
  const out: ContestedAccount[] = [];
  for (const [key, list] of claimsByAccount(merchants)) {
    if (!contested(list)) continue;
    const [platform, handle] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    const chosen = choices.get(key) ?? null;
    out.push({
      platform: platform as Platform,
      handle,
      chosen: chosen && list.some((m) => m.id === chosen) ? chosen : null,
      claims: list
        .map((m) => ({ merchantId: m.id, merchantName: m.name, sourceId: m.sourceId, sourceName: sourceName(byId.get(m.sourceId), m.sourceId), demo: m.sourceId === DEMO_SOURCE_ID }))
        .sort((a, b) => a.sourceName.localeCompare(b.sourceName) || a.merchantId.localeCompare(b.merchantId)),
    });
  }
  return out.sort((a, b) => a.platform.localeCompare(b.platform) || a.handle.localeCompare(b.handle));
}

/** Gives a contested account to one merchant (null: to none, caption matching stays off). */
export async function chooseClaim(db: PostcartDB, choice: ClaimChoice): Promise<ContestedAccount[]> {
  await db.transaction('rw', db.meta, async () => {
    const choices = await readChoices(db);
    choices.set(accountKey(choice.platform, choice.handle), choice.merchantId);
    const value: ClaimChoice[] = [...choices].map(([key, merchantId]) => ({ platform: key.slice(0, key.indexOf(':')) as Platform, handle: key.slice(key.indexOf(':') + 1), merchantId }));
    await db.meta.put({ key: CHOICES_KEY, value });
  });
  lookupCache(db).forgetClaims();
  return contestedAccounts(db);
}
