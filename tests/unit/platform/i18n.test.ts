import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const messages = JSON.parse(readFileSync(path.join(ROOT, 'public/_locales/en/messages.json'), 'utf8')) as Record<string, { message: string }>;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

describe('UI strings', () => {
  const code = ['components', 'entrypoints', 'utils'].flatMap((dir) => sources(path.join(ROOT, dir))).map((file) => readFileSync(file, 'utf8'));

  it('exist in English for every key the code passes to t()', () => {
    const used = new Set(code.flatMap((text) => [...text.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)].map((m) => m[1]!)));
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used].filter((key) => !messages[key]);
    expect(missing).toEqual([]);
  });

  it('include every validation error key the contact schema can produce', () => {
    const contact = readFileSync(path.join(ROOT, 'utils/checkout/contact.ts'), 'utf8');
    const keys = new Set([...contact.matchAll(/'(err[A-Z][A-Za-z]+)'/g)].map((m) => m[1]!));
    expect(keys.size).toBeGreaterThan(2);
    expect([...keys].filter((key) => !messages[key])).toEqual([]);
  });

  it('are never empty', () => {
    expect(Object.entries(messages).filter(([, value]) => !value.message.trim())).toEqual([]);
  });
});
