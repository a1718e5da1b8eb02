/**
 * The zod side of `Reason` (platform/errors.ts), for the stores and messages that carry one. Rows
 * written before reasons were keys hold English text: they read as that text, shown as written.
 */
import { z } from 'zod';
import type { MessageKey, Reason } from './errors';

export const MessageKeySchema = z.custom<MessageKey>((value) => typeof value === 'string' && /^[a-z][A-Za-z0-9]{0,80}$/.test(value), 'skipInvalid');

export const ReasonSchema: z.ZodType<Reason> = z.preprocess(
  (value) => (typeof value === 'string' ? { key: 'textAsIs', args: [value] } : value),
  z.object({ key: MessageKeySchema, args: z.array(z.string().max(2000)).max(10).default([]) }),
) as z.ZodType<Reason>;
