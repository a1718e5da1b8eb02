/** The six lexicons, frozen: they are shared by every analysis in the worker. */
import { az } from './az';
import { en } from './en';
import { fa } from './fa';
import { fil } from './fil';
import { lv } from './lv';
import { sw } from './sw';
import type { InsightLanguage, Lexicon } from './types';

export * from './types';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export const LEXICONS: Readonly<Record<InsightLanguage, Lexicon>> = deepFreeze({ en, sw, fa, fil, lv, az });
