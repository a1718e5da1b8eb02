/**
 * Reading the production build's overlay from a test. Its hosts have random names and closed
 * shadow roots, which neither the page nor Playwright's locators can enter; the DevTools protocol
 * can (DOM.getDocument with `pierce`), and is the test-only hook here: nothing in the extension
 * helps. Clicks go through `page.mouse` at the element's box, so the browser delivers trusted events
 * through the same hit testing a user's click gets.
 */
import type { CDPSession, Page } from '@playwright/test';

interface CdpNode {
  nodeId: number;
  backendNodeId: number;
  nodeName: string;
  localName?: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: (CdpNode & { shadowRootType?: string })[];
  contentDocument?: CdpNode;
}

export interface ClosedElement {
  /** The host of the closed shadow root it is in (its random name). */
  host: string;
  /** Centre of its box in the viewport, for `page.mouse.click`. */
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
}

const sessions = new WeakMap<Page, CDPSession>();

async function session(page: Page): Promise<CDPSession> {
  let cdp = sessions.get(page);
  if (!cdp) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    sessions.set(page, cdp);
  }
  return cdp;
}

/**
 * Hosts with a closed shadow root (the page fixtures have none of their own), with that root; and
 * open roots of hosts named postcart-*, so the suite can also run against a build from before
 * issue 12 (POSTCART_PRODUCTION_EXTENSION=<dir>) and show what the attacks did then.
 */
function closedHosts(node: CdpNode, found: { host: CdpNode; root: CdpNode }[] = []): { host: CdpNode; root: CdpNode }[] {
  for (const root of node.shadowRoots ?? []) {
    if (root.shadowRootType === 'closed' || node.localName?.startsWith('postcart-')) found.push({ host: node, root });
    closedHosts(root, found);
  }
  for (const child of node.children ?? []) closedHosts(child, found);
  return found;
}

/** Elements matching `selector` inside every closed shadow root of the page, with their boxes and text. */
export async function inClosedRoots(page: Page, selector: string): Promise<ClosedElement[]> {
  const cdp = await session(page);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  const out: ClosedElement[] = [];
  for (const { host, root: shadow } of closedHosts(root)) {
    const { nodeIds } = (await cdp.send('DOM.querySelectorAll', { nodeId: shadow.nodeId, selector })) as { nodeIds: number[] };
    for (const nodeId of nodeIds) {
      const box = await cdp.send('DOM.getBoxModel', { nodeId }).catch(() => null);
      if (!box) continue;
      const quad = (box as { model: { border: number[]; width: number; height: number } }).model;
      const xs = [quad.border[0]!, quad.border[2]!, quad.border[4]!, quad.border[6]!];
      const ys = [quad.border[1]!, quad.border[3]!, quad.border[5]!, quad.border[7]!];
      const { object } = (await cdp.send('DOM.resolveNode', { nodeId })) as { object: { objectId: string } };
      const { result } = (await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId, functionDeclaration: 'function () { return this.textContent; }', returnByValue: true })) as {
        result: { value: string };
      };
      out.push({ host: host.localName ?? host.nodeName.toLowerCase(), x: (Math.min(...xs) + Math.max(...xs)) / 2, y: (Math.min(...ys) + Math.max(...ys)) / 2, width: quad.width, height: quad.height, text: result.value });
    }
  }
  return out;
}

/** Waits until `selector` matches in a closed root (optionally with text), and returns the matches. */
export async function waitInClosedRoots(page: Page, selector: string, options: { text?: string | RegExp; timeout?: number } = {}): Promise<ClosedElement[]> {
  const deadline = Date.now() + (options.timeout ?? 15_000);
  for (;;) {
    const found = (await inClosedRoots(page, selector)).filter((el) => options.text === undefined || (typeof options.text === 'string' ? el.text.includes(options.text) : options.text.test(el.text)));
    if (found.length > 0) return found;
    if (Date.now() > deadline) throw new Error(`nothing matches ${selector} in a closed shadow root`);
    await page.waitForTimeout(200);
  }
}

/** Whether the page's own scripts can see into any host of ours (they should not). */
export function pageSeesShadowRoots(page: Page): Promise<number> {
  return page.evaluate(() => [...document.querySelectorAll('*')].filter((el) => el.localName.includes('-') && el.shadowRoot !== null).length);
}
