/** Pages of the linked-product benchmarks (node-side linked.bench.ts and in-browser linked-browser.bench.ts). */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const FIXTURES = path.resolve(import.meta.dirname, '../feeds/linked');

/** A fixture of tests/feeds/linked, as text. */
export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** The Dawn fixture grown to ~1.5 MB the way real pages grow: product grids, inline SVG, scripts, a long description. */
export function bigPage(target: number): string {
  const dawn = fixture('shopify-dawn.html');
  const card = (i: number) =>
    `<li class="grid__item"><div class="card-wrapper product-card-wrapper"><div class="card card--standard card--media"><div class="card__inner ratio"><div class="card__media"><div class="media media--transparent media--hover-effect"><img srcset="//mtaa-atelier.example/cdn/shop/files/related-${i}.jpg?v=1&width=165 165w, //mtaa-atelier.example/cdn/shop/files/related-${i}.jpg?v=1&width=360 360w" src="//mtaa-atelier.example/cdn/shop/files/related-${i}.jpg?v=1&width=533" alt="Related item ${i}" loading="lazy" width="1600" height="2000"></div></div></div><div class="card__content"><h3 class="card__heading h5"><a href="/products/related-${i}" class="full-unstyled-link">Related item ${i} &ndash; linen</a></h3><div class="price"><span class="price-item price-item--regular">KSh ${1000 + i}.00</span></div></div></div></div><svg aria-hidden="true" focusable="false" class="icon icon-caret" viewBox="0 0 10 6"><path fill-rule="evenodd" clip-rule="evenodd" d="M9.354.646a.5.5 0 00-.708 0L5 4.293 1.354.646a.5.5 0 00-.708.708l4 4a.5.5 0 00.708 0l4-4a.5.5 0 000-.708z" fill="currentColor"></path></svg></li>\n`;
  const script = `<script>window.__theme = ${JSON.stringify({ strings: Array.from({ length: 40 }, (_, i) => `Translated string number ${i} for the theme`) })};</script>\n`;
  const parts: string[] = [];
  let size = dawn.length;
  for (let i = 0; size < target; i += 1) {
    const part = i % 25 === 0 ? script : card(i);
    parts.push(part);
    size += part.length;
  }
  return dawn.replace('<footer', `<section class="related-products"><ul class="grid product-grid">${parts.join('')}</ul></section><footer`);
}

