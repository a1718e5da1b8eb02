/**
 * Seller tokens: random bearer tokens, each bound to one merchant. Only their SHA-256 is stored;
 * 256 random bits need no slow hash, and a lookup by hash needs no constant-time compare.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './db';

const PREFIX = 'pct_';

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a token for a merchant and returns it; this is the only time it is ever visible. */
export async function createSellerToken(db: Queryable, merchantId: string, label = ''): Promise<string> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  await db.query('INSERT INTO seller_tokens (token_hash, merchant_id, label) VALUES ($1, $2, $3)', [hashToken(token), merchantId, label]);
  return token;
}

/** Forgets every token with this label (the demo tokens are replaced at each start). */
export async function revokeSellerTokens(db: Queryable, label: string): Promise<void> {
  await db.query('DELETE FROM seller_tokens WHERE label = $1', [label]);
}

/** The merchant a token writes for, or null for an unknown token. */
export async function merchantForToken(db: Queryable, token: string): Promise<string | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const [row] = await db.query<{ merchant_id: string }>('SELECT merchant_id FROM seller_tokens WHERE token_hash = $1', [hashToken(token)]);
  return row?.merchant_id ?? null;
}
