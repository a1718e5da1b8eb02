/**
 * The little HTTP plumbing the app needs on top of node:http: JSON in and out, errors as JSON,
 * the body cap and CORS for extension origins.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';

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

export function zodProblems(error: z.ZodError, index?: number): Problem[] {
  return error.issues.map((issue) => ({
    ...(index === undefined ? {} : { index }),
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/**
 * Reads the body as JSON, at most MAX_BODY_BYTES. A declared length over the cap is refused before
 * reading; an undeclared one is cut off as soon as it passes the cap.
 */
export async function readJson(req: IncomingMessage): Promise<unknown> {
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
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'request body is not valid JSON');
  }
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
    headers['access-control-expose-headers'] = 'ETag';
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
