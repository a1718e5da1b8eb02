/**
 * The request/reply envelope between the extension's parts. A failure travels as a Reason (an
 * i18n key and its arguments) and is thrown again on the asking side as a UserError, so every
 * page and overlay words it in the user's language. Type-only imports keep zod out of the content
 * scripts that use it; the background validates with the schemas in messages.ts.
 */
import { UserError, type Reason } from './errors';
import type { AnyRequest, ResponseMap } from './messages';

export type Reply<T> = { ok: true; data: T } | { ok: false; error: Reason };

/** Sends a request to the background and unwraps its reply; throws a UserError with the background's reason. */
export async function request<R extends AnyRequest>(
  send: (message: R) => Promise<unknown>,
  message: R,
): Promise<ResponseMap[R['type']]> {
  const reply = (await send(message)) as Reply<ResponseMap[R['type']]> | undefined;
  if (!reply) throw new UserError('errNoBackground');
  if (!reply.ok) throw new UserError(reply.error.key, reply.error.args);
  return reply.data;
}
