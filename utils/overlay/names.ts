/**
 * The elements Postcart puts into a page. Each host gets a fresh, unpredictable custom element name
 * (a page cannot define a name before it sees it, and no later host reuses one it saw) and a closed
 * shadow root (page scripts cannot read or rewrite what is inside). Our elements are recognized by
 * identity, never by name.
 *
 * Test builds (`POSTCART_TEST_HOOKS=1 wxt build`, and vitest) name hosts `postcart-<kind>` and open
 * their shadow roots, so Playwright and unit tests can read the overlay. The constant is replaced
 * at build time: production bundles contain neither the names nor the open mode.
 */
declare const __POSTCART_TEST_HOOKS__: boolean;

export const TEST_HOOKS: boolean = typeof __POSTCART_TEST_HOOKS__ !== 'undefined' && __POSTCART_TEST_HOOKS__;

/** What each host of ours is: 'overlay', 'popover', 'pin-layer' or 'dots'. */
const kinds = new WeakMap<Node, string>();

export const isOurs = (node: Node): boolean => kinds.has(node);
export const kindOf = (node: Node): string | undefined => kinds.get(node);

/** A random lower-case token; custom element names need a letter first and a hyphen. */
export function randomName(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const letters = Array.from(bytes, (b) => String.fromCharCode(97 + (b % 26))).join('');
  return `${letters.slice(0, 5)}-${letters.slice(5)}`;
}

/** A new element for a host of `kind`, registered as ours. */
export function hostElement(kind: string, doc: Document): HTMLElement {
  const host = doc.createElement(TEST_HOOKS ? `postcart-${kind}` : randomName());
  kinds.set(host, kind);
  return host;
}

/** The shadow root mode: closed except in test builds. */
export const ROOT_MODE: ShadowRootMode = TEST_HOOKS ? 'open' : 'closed';
