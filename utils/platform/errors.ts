/**
 * The one error type a user can read. It carries an i18n message key and its arguments, never a
 * sentence: the background throws it, the router sends `{ key, args }` across the message boundary,
 * and the page or overlay puts it into words in the user's language when it shows it. Stored
 * reasons (a source's last error, an order's failure, a skipped record) keep the same shape.
 * No zod here: content scripts import this module.
 */
import type enMessages from '../../public/_locales/en/messages.json';

/** The keys of the English messages, which every other language must have too. */
export type MessageKey = keyof typeof enMessages;

/** A reason as it crosses boundaries and is stored: the key and its positional arguments ($1, $2, …). */
export interface Reason {
  key: MessageKey;
  args: string[];
}

export class UserError extends Error {
  override name = 'UserError';
  readonly args: string[];

  constructor(
    readonly key: MessageKey,
    args: readonly (string | number)[] = [],
    options?: { cause?: unknown },
  ) {
    super(key, options);
    this.args = args.map(String);
  }

  get reason(): Reason {
    return { key: this.key, args: this.args };
  }
}

export function reason(key: MessageKey, ...args: (string | number)[]): Reason {
  return { key, args: args.map(String) };
}

/** The reason of a failure: its own for a UserError, the generic "something went wrong" otherwise. */
export function reasonOfError(error: unknown): Reason {
  return error instanceof UserError ? error.reason : reason('errUnexpected');
}

/** A value read back from storage or the wire that should be a Reason (older rows hold plain text). */
export function isReason(value: unknown): value is Reason {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Reason).key === 'string' &&
    Array.isArray((value as Reason).args) &&
    (value as Reason).args.every((arg) => typeof arg === 'string')
  );
}
