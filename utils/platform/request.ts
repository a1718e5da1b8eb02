/**
 * The request/reply envelope between the extension's parts. Type-only imports keep zod out of
 * the content scripts that use it; the background validates with the schemas in messages.ts.
 */
import type { AnyRequest, ResponseMap } from './messages';

export type Reply<T> = { ok: true; data: T } | { ok: false; error: string };

/** Sends a request to the background and unwraps its reply; throws with the background's reason. */
export async function request<R extends AnyRequest>(
  send: (message: R) => Promise<unknown>,
  message: R,
): Promise<ResponseMap[R['type']]> {
  const reply = (await send(message)) as Reply<ResponseMap[R['type']]> | undefined;
  if (!reply) throw new Error('No answer from the Postcart background');
  if (!reply.ok) throw new Error(reply.error);
  return reply.data;
}
