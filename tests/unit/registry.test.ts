import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '@/utils/sites/registry';
import { PLATFORMS } from '@/utils/catalog/model';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the site registry', () => {
  it('has one adapter per platform of the model', () => {
    expect(ADAPTERS.map((a) => a.platform).sort()).toEqual([...PLATFORMS].sort());
  });

  for (const adapter of ADAPTERS) {
    const site = adapter.platform;
    it(`gives ${site} a few-line entrypoint that starts the shared runner with its adapter`, () => {
      const file = path.join(ROOT, 'entrypoints', `${site}.content.ts`);
      expect(existsSync(file)).toBe(true);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain(`matches: ${site}.matches`);
      expect(text).toContain(`startContentScript(${site}, ctx)`);
      expect(text.split('\n').filter(Boolean).length).toBeLessThanOrEqual(12);
    });

    it(`gives ${site} at least three realistic fixtures with a README`, () => {
      const dir = path.join(ROOT, 'tests/fixtures', site);
      const pages = readdirSync(dir).filter((name) => name.endsWith('.html'));
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(existsSync(path.join(dir, 'README.md'))).toBe(true);
    });

    it(`gives ${site} adapter unit tests and end-to-end tests`, () => {
      expect(existsSync(path.join(ROOT, 'tests/unit', `${site}-adapter.test.ts`))).toBe(true);
      expect(existsSync(path.join(ROOT, 'tests/e2e', `${site}.spec.ts`))).toBe(true);
    });

    it(`keeps zod out of the ${site} content script: its adapter imports only types from the schemas`, () => {
      const text = readFileSync(path.join(ROOT, 'utils/sites', `${site}.ts`), 'utf8');
      const valueImports = [...text.matchAll(/^import\s+(?!type\b)[^;]*from\s+'([^']+)'/gm)].map((m) => m[1]);
      expect(valueImports.filter((from) => /model|messages|zod|settings$/.test(from!))).toEqual([]);
    });

    it(`gives ${site} https match patterns on the site's own hosts only`, () => {
      expect(adapter.matches.length).toBeGreaterThan(0);
      for (const pattern of adapter.matches) expect(pattern).toMatch(/^https:\/\/[a-z0-9.*-]+\/\*$/);
    });
  }
});
