/**
 * URL rules, in one place. Every URL Postcart gets from outside (a feed, a page, a server's answer)
 * is untrusted: it becomes a link, an image, a request or a checkout only through these checks.
 * No zod here (content scripts use it); the schemas build on `isFeedUrl`.
 */

/** Hosts that name this machine: plain http to them is a catalog server under development. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A URL or null; never throws. `base` resolves relative ones. */
export function parseUrl(value: string | null | undefined, base?: string): URL | null {
  if (!value) return null;
  try {
    return new URL(value, base);
  } catch {
    return null;
  }
}

/**
 * scheme://host of a URL. Not `URL.origin`: that is "null" for chrome-extension: URLs outside the
 * browser, which would make the same check pass in Chrome and fail in tests.
 */
export function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/** An https URL with a host and no credentials: the only kind that becomes a link, an image or a checkout. */
export function httpsUrl(value: string | null | undefined, base?: string): URL | null {
  const url = parseUrl(value, base);
  return url && url.protocol === 'https:' && url.host !== '' && !url.username && !url.password ? url : null;
}

export function isHttpsUrl(value: string | null | undefined): value is string {
  return httpsUrl(value) !== null;
}

/** A web page address a post links to (http or https, relative to the page): what adapters read. */
export function webUrl(href: string | null | undefined, base?: string): URL | null {
  const url = parseUrl(href?.trim(), base);
  return url && (url.protocol === 'https:' || url.protocol === 'http:') && url.host !== '' ? url : null;
}

/** An absolute http(s) URL with a host. */
export function isWebUrl(value: string | null | undefined): value is string {
  const url = parseUrl(value);
  return url !== null && (url.protocol === 'https:' || url.protocol === 'http:') && url.host !== '';
}

export function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/** https anywhere, plain http only to this machine, never credentials: a catalog source's address. */
export function isSourceUrl(value: string): boolean {
  const url = parseUrl(value);
  if (!url || url.username || url.password || url.host === '') return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url));
}

/** The origin of a plain-http source on this machine, whose own assets its records may use; none otherwise. */
export function loopbackOrigin(sourceUrl: string): string[] {
  const url = parseUrl(sourceUrl);
  return url && url.protocol === 'http:' && isLoopback(url) ? [originOf(url)] : [];
}

/**
 * A URL a feed may carry: https with a host, or one of `allowedOrigins` (the extension's own for
 * the bundled catalog, a loopback server's own). javascript:, data:, file: and http: are refused.
 */
export function isFeedUrl(value: string, allowedOrigins: readonly string[] = []): boolean {
  const url = parseUrl(value);
  if (!url || url.host === '') return false;
  return url.protocol === 'https:' || allowedOrigins.includes(originOf(url));
}

/** An image Postcart may show: https, or a bundled demo image on the extension's own origin. */
export function isImageUrl(value: string | null | undefined): value is string {
  if (!value) return false;
  return isHttpsUrl(value) || /^(chrome|moz)-extension:\/\/[^/]+\//.test(value);
}

/** A post's https URL without query or fragment (which may carry share ids); nothing otherwise. */
export function cleanPostUrl(raw: string | undefined): string | undefined {
  const url = httpsUrl(raw);
  return url ? `${url.origin}${url.pathname}` : undefined;
}

/** The host permission pattern an origin needs (asked for when a source is added). */
export function originPattern(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.hostname}/*`;
}
