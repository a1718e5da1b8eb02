/**
 * Serving a saved page at its real URL: scripts out (there should be none left), a small
 * stylesheet in place of the site's own (not saved), every other request answered locally.
 */
import type { BrowserContext, Route } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Site } from './pages';

/**
 * The sites' stylesheets are missing from the saved pages, so pictures and videos would collapse
 * to nothing. This gives them the box they have on the live site: aspect-ratio boxes (a
 * padding-top or padding-bottom percentage) hold their media absolutely, a photo viewer's picture
 * fills its zoom box, and avatars keep the fixed sizes written on their wrappers.
 */
export const MEDIA_CSS = `
img, video { max-width: 100%; }
[style*="padding-bottom:"], [style*="padding-top:"] { position: relative; }
[style*="padding-bottom:"] > img, [style*="padding-top:"] > img,
[style*="padding-bottom:"] > video, [style*="padding-top:"] > video {
  position: absolute; inset: 0; width: 100%; height: 100%; object-fit: cover;
}
[style*="padding-bottom:"] > div, [style*="padding-top:"] > div { position: absolute; inset: 0; }
[style*="padding-bottom:"] > div img, [style*="padding-top:"] > div img,
[style*="padding-bottom:"] > div video, [style*="padding-top:"] > div video { width: 100%; height: 100%; object-fit: cover; }
/* Photo viewers: the picture in its zoom box, as large as the viewer allows (a block: a picture
   that failed to load and has alt text is otherwise laid out as text, without its size). */
[style*="scale("] img { display: block; width: 720px; height: 540px; max-width: none; object-fit: contain; }
[style*="height: 32px"] img, [style*="height:32px"] img, [style*="height: 24px"] img, [style*="height: 40px"] img,
[style*="height: 44px"] img, [style*="height: 48px"] img, [style*="height: 56px"] img { width: 100%; height: 100%; }
`;

const STYLE_TAG = `<style data-reference-suite>${MEDIA_CSS}</style>`;

/** The page as served: scripts removed, the media stylesheet added to the head. */
export function prepare(html: string): string {
  const noScripts = html.replace(/<script\b[\s\S]*?<\/script>/gi, '');
  return /<\/head>/i.test(noScripts) ? noScripts.replace(/<\/head>/i, `${STYLE_TAG}</head>`) : STYLE_TAG + noScripts;
}

/** The site's real Content-Security-Policy, as the fixtures serve it (tests/fixtures/<site>/csp.txt). */
function csp(root: string, site: Site): Record<string, string> {
  const file = path.join(root, 'tests/fixtures', site, 'csp.txt');
  if (!existsSync(file)) return {};
  const policy = readFileSync(file, 'utf8').trim().split('\n').map((line) => line.trim()).join(' ').replaceAll("'nonce-{nonce}'", '');
  return { 'content-security-policy': policy };
}

/**
 * Routes every request of the context: documents registered with `serve` are answered with their
 * page, the demo stores keep their stub (registered before), anything else fails at once (the
 * saved pages point at CDNs this machine cannot reach).
 */
export class PageServer {
  private readonly pages = new Map<string, { html: string; site: Site }>();

  constructor(private readonly root: string) {}

  async install(context: BrowserContext): Promise<void> {
    await context.route('**/*', (route) => this.answer(route));
  }

  serve(url: string, site: Site, html: string): void {
    this.pages.set(new URL(url).href, { html, site });
  }

  private async answer(route: Route): Promise<void> {
    const request = route.request();
    const url = new URL(request.url());
    const page = this.pages.get(url.href);
    if (page && request.resourceType() === 'document') {
      await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: csp(this.root, page.site), body: page.html });
    } else if (url.hostname.endsWith('.example')) {
      await route.fallback();
    } else {
      await route.abort('connectionrefused');
    }
  }
}
