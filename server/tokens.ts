/**
 * Seller tokens: random bearer tokens, each bound to one merchant. Only their SHA-256 is stored;
 * 256 random bits need no slow hash, and a lookup by hash needs no constant-time compare. Each
 * token also has a public id (never the token) by which sellers list and revoke it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './db';

const PREFIX = 'pct_';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface CreatedToken {
  /** The bearer token: shown once, never stored. */
  token: string;
  /** Its public id. */
  id: string;
}

/** Creates a token for a merchant and returns it; this is the only time it is ever visible. */
export async function issueSellerToken(db: Queryable, merchantId: string, label = '', device = ''): Promise<CreatedToken> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const id = `tok_${randomBytes(9).toString('base64url')}`;
  await db.query('INSERT INTO seller_tokens (token_hash, id, merchant_id, label, device) VALUES ($1, $2, $3, $4, $5)', [sha256(token), id, merchantId, label, device]);
  return { token, id };
}

export async function createSellerToken(db: Queryable, merchantId: string, label = ''): Promise<string> {
  return (await issueSellerToken(db, merchantId, label)).token;
}

/** Forgets every token with this label (the demo tokens are replaced at each start). */
export async function revokeSellerTokens(db: Queryable, label: string): Promise<void> {
  await db.query('DELETE FROM seller_tokens WHERE label = $1', [label]);
}

/** The merchant a token writes for, or null for an unknown token. */
export async function merchantForToken(db: Queryable, token: string): Promise<string | null> {
  return (await tokenOwner(db, token))?.merchantId ?? null;
}

/** The merchant and id of a token, or null for an unknown token. */
export async function tokenOwner(db: Queryable, token: string): Promise<{ merchantId: string; tokenId: string } | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const [row] = await db.query<{ merchant_id: string; id: string }>('SELECT merchant_id, id FROM seller_tokens WHERE token_hash = $1', [sha256(token)]);
  return row ? { merchantId: row.merchant_id, tokenId: row.id } : null;
}

export interface TokenInfo {
  id: string;
  /** How it was made: "demo" (printed at start), "paired" (a pairing code), or another label. */
  label: string;
  /** The device name given when it was paired ("" when none). */
  device: string;
  createdAt: string;
}

export async function listSellerTokens(db: Queryable, merchantId: string): Promise<TokenInfo[]> {
  const rows = await db.query<{ id: string; label: string; device: string; created_at: string | Date }>(
    'SELECT id, label, device, created_at FROM seller_tokens WHERE merchant_id = $1 ORDER BY created_at, id',
    [merchantId],
  );
  return rows.map((row) => ({ id: row.id, label: row.label, device: row.device, createdAt: new Date(row.created_at).toISOString() }));
}

/** Revokes one token of a merchant by its id; false when there is no such token (of that merchant). */
export async function revokeSellerToken(db: Queryable, merchantId: string, id: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM seller_tokens WHERE merchant_id = $1 AND id = $2 RETURNING id', [merchantId, id]);
  return rows.length > 0;
}
