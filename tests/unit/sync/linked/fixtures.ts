import { readFileSync } from 'node:fs';
import path from 'node:path';

const DIR = path.resolve(import.meta.dirname, '../../../feeds/linked');

/** A fixture under tests/feeds/linked, as text. */
export function fixtureText(name: string): string {
  return readFileSync(path.join(DIR, name), 'utf8');
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name));
}
