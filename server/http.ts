/**
 * The little HTTP plumbing the app needs on top of node:http: JSON in and out, errors as JSON,
 * the body cap and CORS for extension origins.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import englishMessages from '../public/_locales/en/messages.json' with { type: 'json' };
import { UserError } from '../utils/platform/errors';

const ENGLISH: Record<string, { message: string } | undefined> = englishMessages;

export const MAX_BODY_BYTES = 1024 * 1024;

/** One problem with the input, pointing at where it is (op index, field path). */
export interface Problem {
  index?: number;
  path?: string;
  message: string;
}

/** Thrown anywhere in a handler; becomes `{ error, details? }` with its status. Never a stack trace. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * The shared schemas name their problems with the extension's message keys ("skipDecimalString"):
 * an API answers in English words, from the same English messages the extension shows.
 */
function inWords(message: string): string {
  return /^(?:skip|err)[A-Z]\w*$/.test(message) ? (ENGLISH[message]?.message.replace(/\$\d/g, '').trim() ?? message) : message;
}

/** What a failure says, in English: a UserError's message with its arguments, any other error's own text. */
export function errorInWords(error: unknown): string {
  if (error instanceof UserError) return (ENGLISH[error.key]?.message ?? error.key).replace(/\$(\d)/g, (_, n: string) => error.args[Number(n) - 1] ?? '');
  return error instanceof Error ? error.message : String(error);
}

export function zodProblems(error: z.ZodError, index?: number): Problem[] {
  return error.issues.map((issue) => ({
    ...(index === undefined ? {} : { index }),
    path: issue.path.map(String).join('.'),
    message: inWords(issue.message),
  }));
}

/**
 * Writes take JSON only. A web page can POST text/plain, form or multipart bodies to any address
 * without a CORS preflight ("simple requests"); insisting on application/json makes the browser
 * ask first, and we answer pages (non-extension origins) with no CORS headers, so they can't.
 */
export function requireJson(req: IncomingMessage): void {
  const [type = '', ...params] = (req.headers['content-type'] ?? '').split(';');
  const charset = params.map((param) => param.trim().toLowerCase()).find((param) => param.startsWith('charset='));
  const utf8 = charset === undefined || /^charset="?utf-8"?$/.test(charset);
  if (type.trim().toLowerCase() !== 'application/json' || !utf8) {
    throw new HttpError(415, 'request body must be application/json (UTF-8)', undefined, { 'accept-post': 'application/json' });
  }
}

/**
 * Reads the body as JSON, at most MAX_BODY_BYTES, after checking its content type. A declared
 * length over the cap is refused before reading; an undeclared one is cut off as soon as it passes
 * the cap. Text PostgreSQL can't store, or that is no id, is refused here for every endpoint at
 * once (see checkText).
 */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  requireJson(req);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new HttpError(400, 'request body is empty; expected JSON');
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
  // Most bodies have no escapes and none of the characters checkText looks for: one scan of the
  // text spares walking them. Raw C0 controls can't be in JSON strings (JSON.parse refused them),
  // so they come as \u escapes or \b \t \n \f \r.
  const problems = /\\[ubtnfr]|[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(text) || depthOver(text) ? checkText(body) : [];
  if (problems.length > 0) throw new HttpError(400, 'request body has text that is not allowed; nothing was written', problems);
  return body;
}

// ---------------------------------------------------------------- text rules

/** Deeper bodies are refused: nothing we take nests more than a few levels. */
export const MAX_DEPTH = 32;
/** An id field: `id`, or a name ending in `Id` (productId, postId, batchId, ...). */
const ID_KEY = /^(id|[A-Za-z]+Id)$/;
/**
 * Not in ids: C0 and C1 control characters, DEL, and the bidirectional controls that make an id
 * read differently from what it is. Lone surrogates are checked with isWellFormed.
 */
const NOT_IN_IDS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Checks every string (and key) of a parsed body, iteratively so depth costs no stack:
 * - NUL nowhere: PostgreSQL text and jsonb can't hold it (it used to fail the request with 500);
 * - no lone surrogate anywhere: it would be stored as U+FFFD, two different ids becoming one;
 * - no control or bidi characters in ids (see ID_KEY), whichever endpoint they arrive at.
 * Returns the problems, at most 20.
 */
export function checkText(body: unknown): Problem[] {
  const problems: Problem[] = [];
  const stack: { value: unknown; path: string; depth: number; id: boolean }[] = [{ value: body, path: '', depth: 0, id: false }];
  while (stack.length > 0 && problems.length < 20) {
    const { value, path, depth, id } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value, id);
      if (problem) problems.push({ path, message: problem });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_DEPTH) {
      problems.push({ path, message: `nested more than ${MAX_DEPTH} levels deep` });
      continue;
    }
    const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
    for (const [key, item] of entries) {
      const at = path ? `${path}.${key}` : key;
      if (!Array.isArray(value)) {
        const problem = textProblem(key, false);
        if (problem) problems.push({ path: at, message: `key: ${problem}` });
      }
      // Items of an id array are ids too; keys inside an id object are not.
      stack.push({ value: item, path: at, depth: depth + 1, id: Array.isArray(value) ? id : ID_KEY.test(key) });
    }
  }
  return problems;
}

/** Whether brackets in `text` might nest deeper than MAX_DEPTH (counting those in strings too: a cheap over-estimate). */
function depthOver(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 91 || code === 123) {
      if (++depth > MAX_DEPTH) return true;
    } else if (code === 93 || code === 125) depth--;
  }
  return false;
}

function textProblem(value: string, id: boolean): string | null {
  if (value.includes('\u0000')) return 'must not contain NUL (U+0000)';
  if (!value.isWellFormed()) return 'must not contain a lone surrogate (broken UTF-16)';
  if (id && NOT_IN_IDS.test(value)) return 'ids must not contain control or bidirectional formatting characters';
  return null;
}

/** The same rules for ids that arrive in a header (Idempotency-Key). */
export function isCleanId(value: string): boolean {
  return textProblem(value, true) === null;
}

function tooLarge(): HttpError {
  // Closing the connection spares us reading (and the client sending) the rest of a huge body.
  return new HttpError(413, 'request body is too large', { limit: MAX_BODY_BYTES }, { connection: 'close' });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, error.details === undefined ? { error: error.message } : { error: error.message, details: error.details }, error.headers);
}

// ---------------------------------------------------------------- CORS

/** The extension's own pages and background: chrome-extension://<id>, moz-extension://<uuid>. */
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[A-Za-z0-9-]{1,64}$/;

export function isAllowedOrigin(origin: string | undefined): origin is string {
  return origin !== undefined && EXTENSION_ORIGIN.test(origin);
}

/** Reflects an extension Origin; other origins get no CORS headers, so browsers keep them out. */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  const headers: Record<string, string> = { vary: 'Origin' };
  if (isAllowedOrigin(origin)) {
    headers['access-control-allow-origin'] = origin;
    // Retry-After tells a refused client (429, 503) when to come back.
    headers['access-control-expose-headers'] = 'ETag, Retry-After';
  }
  return headers;
}

export function preflightHeaders(req: IncomingMessage): Record<string, string> {
  const headers = corsHeaders(req);
  if (!isAllowedOrigin(req.headers.origin)) return headers;
  return {
    ...headers,
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'Authorization, Content-Type, Idempotency-Key, If-None-Match',
    'access-control-max-age': '600',
  };
}
