/**
 * Seller pairing: instead of pasting a long token, a seller makes a short code on the server's
 * seller page (signed in with a seller token or the admin secret) and types it, or pastes the
 * pairing link, into the extension, which redeems it for a new token of that merchant.
 *
 * - Codes are 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), about 39.6 bits;
 *   shown as "ABCD-EFGH", read back case-insensitively, with or without the hyphen and spaces.
 * - Only a hash of a code is stored; codes are never logged (they travel in bodies, and in the
 *   link's #fragment, which browsers never send).
 * - A code lives `ttlMs` (10 minutes) and is redeemed once: the UPDATE that marks it used is the
 *   check, so of two redeems racing for one code exactly one gets a token.
 * - Guessing is bounded in app.ts: a few wrong codes per address and some more from everyone
 *   together per window, then redeeming is locked until the window ends.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Db } from './db';
import { issueSellerToken } from './tokens';

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 8;
/** Tokens made by pairing carry this label (demo tokens carry "demo"). */
export const PAIRED_LABEL = 'paired';

export function newCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** "ABCD2345" -> "ABCD-2345": easier to read out and type. */
export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** A code as typed (any case, hyphens and spaces anywhere) in its stored form, or null when it can't be one. */
export function normalizeCode(raw: string): string | null {
  const code = raw.replace(/[\s-]/g, '').toUpperCase();
  if (code.length !== CODE_LENGTH) return null;
  for (const char of code) if (!CODE_ALPHABET.includes(char)) return null;
  return code;
}

function hashCode(code: string): string {
  return createHash('sha256').update(`postcart-pairing:${code}`).digest('hex');
}

export interface IssuedCode {
  code: string;
  expiresAt: string;
}

/**
 * Makes a code for a merchant. A merchant keeps at most `maxLive` unredeemed codes: making one
 * more drops the oldest. Codes that ended more than a day ago are cleared on the way.
 */
export async function createPairingCode(db: Db, merchantId: string, now: number, ttlMs: number, maxLive: number): Promise<IssuedCode> {
  return db.transaction(async (tx) => {
    const nowIso = new Date(now).toISOString();
    await tx.query('DELETE FROM pairing_codes WHERE expires_at < $1::timestamptz', [new Date(now - 86_400_000).toISOString()]);
    await tx.query(
      `DELETE FROM pairing_codes WHERE code_hash IN (
         SELECT code_hash FROM pairing_codes WHERE merchant_id = $1 AND used_at IS NULL AND expires_at > $2::timestamptz
         ORDER BY created_at DESC, code_hash OFFSET $3)`,
      [merchantId, nowIso, Math.max(0, maxLive - 1)],
    );
    const expiresAt = new Date(now + ttlMs).toISOString();
    // 31^8 codes: a collision is all but impossible, but one would be answered by a new draw.
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = newCode();
      const inserted = await tx.query(
        `INSERT INTO pairing_codes (code_hash, merchant_id, created_at, expires_at) VALUES ($1, $2, $3::timestamptz, $4::timestamptz)
         ON CONFLICT (code_hash) DO NOTHING RETURNING code_hash`,
        [hashCode(code), merchantId, nowIso, expiresAt],
      );
      if (inserted.length > 0) return { code, expiresAt };
    }
    throw new Error('could not draw an unused pairing code');
  });
}

export interface Pairing {
  token: string;
  tokenId: string;
  merchantId: string;
  merchantName: string;
}

/** Redeems a code (normalized) for a new token, or null when it is unknown, expired or used. */
export async function redeemPairingCode(db: Db, code: string, device: string, now: number): Promise<Pairing | null> {
  return db.transaction(async (tx) => {
    const nowIso = new Date(now).toISOString();
    const [claimed] = await tx.query<{ merchant_id: string }>(
      `UPDATE pairing_codes SET used_at = $2::timestamptz
       WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2::timestamptz RETURNING merchant_id`,
      [hashCode(code), nowIso],
    );
    if (!claimed) return null;
    const { token, id } = await issueSellerToken(tx, claimed.merchant_id, PAIRED_LABEL, device);
    await tx.query('UPDATE pairing_codes SET token_id = $2 WHERE code_hash = $1', [hashCode(code), id]);
    const [merchant] = await tx.query<{ name: string }>('SELECT name FROM merchants WHERE id = $1', [claimed.merchant_id]);
    return { token, tokenId: id, merchantId: claimed.merchant_id, merchantName: merchant?.name ?? claimed.merchant_id };
  });
}
