/**
 * A copy of a page in markup no adapter knows: every hook an adapter could lean on besides URLs
 * is gone (data attributes, ids, ARIA except the main region and dialogs, and the tell-tale
 * elements article, section, header, headings and time, which become plain div and span). What is
 * left is what any future redesign keeps: links, pictures, videos, the main region, dialogs.
 */
const RENAMED: Record<string, string> = { article: 'div', section: 'div', header: 'div', h1: 'div', h2: 'div', h3: 'div', h4: 'div', time: 'span' };

export function unknownMarkup(html: string): string {
  const bodyAt = html.search(/<body[\s>]/i);
  const head = bodyAt < 0 ? '' : html.slice(0, bodyAt);
  let body = bodyAt < 0 ? html : html.slice(bodyAt);
  body = body.replace(/<(\/?)(article|section|header|h[1-4]|time)\b/gi, (_, slash: string, name: string) => `<${slash}${RENAMED[name.toLowerCase()]}`);
  // Attributes inside tags only (never text): data-*, id, aria-*, and roles other than main and dialog.
  body = body.replace(/<[a-z][^>]*>/gi, (tag) =>
    tag
      .replace(/\s(?:data-[\w-]+|id|aria-[\w-]+)="[^"]*"/g, '')
      .replace(/\srole="(?!main"|dialog")[^"]*"/g, ''),
  );
  return head + body;
}
