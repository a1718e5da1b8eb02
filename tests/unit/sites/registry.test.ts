import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADAPTERS, PAGE_TYPES, pageOf } from '@/utils/sites/registry';
import { PLATFORMS } from '@/utils/catalog/model';

const ROOT = path.resolve(import.meta.dirname, '../../..');

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

    it(`gives ${site} a fixture whose interface is not in English`, () => {
      const dir = path.join(ROOT, 'tests/fixtures', site);
      const langs = readdirSync(dir)
        .filter((name) => name.endsWith('.html'))
        .map((name) => /<html\b[^>]*\slang="([^"]+)"/.exec(readFileSync(path.join(dir, name), 'utf8'))?.[1] ?? '');
      expect(langs.some((lang) => lang && !lang.startsWith('en')), langs.join(', ')).toBe(true);
    });

    it(`gives ${site} adapter unit tests and end-to-end tests`, () => {
      expect(existsSync(path.join(ROOT, 'tests/unit/sites', `${site}-adapter.test.ts`))).toBe(true);
      expect(existsSync(path.join(ROOT, 'tests/e2e', `${site}.spec.ts`))).toBe(true);
    });

    it(`keeps zod out of the ${site} content script: its adapter imports only types from the schemas`, () => {
      const text = readFileSync(path.join(ROOT, 'utils/sites', `${site}.ts`), 'utf8');
      const valueImports = [...text.matchAll(/^import\s+(?!type\b)[^;]*from\s+'([^']+)'/gm)].map((m) => m[1]);
      expect(valueImports.filter((from) => /model|messages|zod|settings$/.test(from!))).toEqual([]);
    });

    it(`tells what kind of page a ${site} URL is`, () => {
      const origin = `https://${new URL(adapter.matches[0]!.replace('*.', 'www.').replace(/\*$/, '')).host}`;
      expect(PAGE_TYPES[site](new URL('/', origin))).toBe('home');
      expect(PAGE_TYPES[site](new URL('https://evil.example/'))).toBe('unsupported');
      expect(pageOf(`${origin}/`)).toEqual({ platform: site, type: 'home' });
    });

    it(`gives ${site} https match patterns on the site's own hosts only`, () => {
      expect(adapter.matches.length).toBeGreaterThan(0);
      for (const pattern of adapter.matches) expect(pattern).toMatch(/^https:\/\/[a-z0-9.*-]+\/\*$/);
    });
  }
});

describe('page types by URL', () => {
  const cases: Record<string, [string, string][]> = {
    instagram: [
      ['https://www.instagram.com/', 'home'],
      ['https://www.instagram.com/p/DOuQoNmDKST/?img_index=3', 'post'],
      ['https://www.instagram.com/columbia.ums/p/DOuQoNmDKST/', 'post'],
      ['https://www.instagram.com/p/DOuQoNmDKST/c/18048464087644380/', 'post'],
      ['https://www.instagram.com/reel/DE9rEeLs0a1/', 'video'],
      ['https://www.instagram.com/reels/DE9rEeLs0a1/', 'video'],
      ['https://www.instagram.com/explore/', 'search'],
      ['https://www.instagram.com/explore/tags/indore/', 'search'],
      ['https://www.instagram.com/rumborent_/', 'profile'],
      ['https://www.instagram.com/rumborent_/tagged/', 'profile'],
      ['https://www.instagram.com/direct/inbox/', 'unsupported'],
      ['https://www.instagram.com/accounts/edit/', 'unsupported'],
      ['https://www.instagram.com/stories/acme/3300000000000000000/', 'unsupported'],
    ],
    pinterest: [
      ['https://in.pinterest.com/', 'home'],
      ['https://in.pinterest.com/pin/932808141580948064/', 'closeup'],
      ['https://www.pinterest.com/pin/ceramic-pitcher--845269100000000001/', 'closeup'],
      ['https://www.pinterest.com/search/pins/?q=desi%20food', 'search'],
      ['https://www.pinterest.com/kumoteaworks/', 'profile'],
      ['https://www.pinterest.com/maisonlune/kitchen-table/', 'profile'],
      ['https://www.pinterest.com/settings/', 'unsupported'],
    ],
    tiktok: [
      ['https://www.tiktok.com/', 'home'],
      ['https://www.tiktok.com/foryou?lang=fr', 'home'],
      ['https://www.tiktok.com/@illojuan', 'profile'],
      ['https://www.tiktok.com/@illojuan/video/7571863205253778710', 'video'],
      ['https://www.tiktok.com/@acme/photo/7430000000000000022', 'video'],
      ['https://www.tiktok.com/search?q=trekking%20poles', 'search'],
      ['https://www.tiktok.com/@acme/live', 'unsupported'],
      ['https://www.tiktok.com/messages', 'unsupported'],
    ],
    facebook: [
      ['https://www.facebook.com/', 'home'],
      ['https://www.facebook.com/groups/kitchentable/', 'home'],
      ['https://www.facebook.com/profile.php?id=100014240148217', 'profile'],
      ['https://www.facebook.com/Indiancricketsarcasm1', 'profile'],
      ['https://www.facebook.com/photo/?fbid=288439180667016&set=a.117960581048211', 'modal'],
      ['https://www.facebook.com/permalink.php?story_fbid=1596475070837149&id=100014240148217', 'post'],
      ['https://www.facebook.com/chunyu.huang.50/posts/pfbid0Ec2s214L4E4QuxejYWyRk1b2TEPURF5JRhVx6PbLKnx9Jqh5TFY5Ku4Agrp9vKhKl', 'post'],
      ['https://www.facebook.com/reel/1122334455667788', 'video'],
      ['https://www.facebook.com/watch/?v=1122334455667788', 'video'],
      ['https://www.facebook.com/search/top?q=linen', 'search'],
      ['https://www.facebook.com/marketplace/', 'unsupported'],
      ['https://www.facebook.com/messages/t/100014240148217', 'unsupported'],
    ],
  };
  for (const [site, list] of Object.entries(cases)) {
    it(`reads the kind of every ${site} page from its URL`, () => {
      const read = PAGE_TYPES[site as keyof typeof PAGE_TYPES];
      expect(list.map(([url]) => [url, read(new URL(url))])).toEqual(list);
      for (const [url, type] of list) expect(pageOf(url), url).toEqual({ platform: site, type });
    });
  }

  it('knows no page of other sites', () => {
    expect(pageOf('https://evil.example/p/DOuQoNmDKST/')).toBeNull();
    expect(pageOf('not a url')).toBeNull();
  });
});
