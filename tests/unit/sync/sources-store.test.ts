import { describe, expect, it, vi } from 'vitest';
import type { PageRequest } from '@/utils/platform/messages';
import { sourceView } from '@/utils/seller/model';
import { hostName, sourceAddress, sourceName } from '@/utils/sync/source-name';
import { newSourceState } from '@/utils/sync/source';
import { SourcesController } from '@/utils/sync/sources-store';
import { because } from '../fixtures';


const view = (over: Parameters<typeof newSourceState>[0]) => sourceView(newSourceState(over));

describe('source names', () => {
  it('are the name given, else the merchant, else the host; the demo is named, never its address', () => {
    expect(sourceName(view({ id: 'demo', kind: 'postcart', url: 'chrome-extension://abcdef/demo-catalog.json' }))).toBe('Demo catalog (built in)');
    expect(sourceAddress({ id: 'demo', url: 'chrome-extension://abcdef/demo-catalog.json' })).toBeNull();
    expect(sourceName(view({ id: 'a', kind: 'postcart', url: 'https://cat.example/v1/feed', label: ' My shop ' }))).toBe('My shop');
    expect(sourceName(view({ id: 'b', kind: 'shopify', url: 'https://www.store.example', currency: 'USD', merchant: { id: 'm', name: 'Store Co' } }))).toBe('Store Co');
    const connected = { ...view({ id: 'c', kind: 'postcart', url: 'https://cat.example/v1/feed' }), seller: { merchantId: 'acme', merchantName: 'Acme Outdoor', connectedAt: 0 } };
    expect(sourceName(connected)).toBe('Acme Outdoor');
    expect(sourceName({ ...view({ id: 'd', kind: 'postcart', url: 'https://cat.example/v1/feed' }), merchantNames: ['Maison Lune'] })).toBe('Maison Lune');
    expect(sourceName({ ...view({ id: 'e', kind: 'postcart', url: 'https://www.cat.example/v1/feed' }), merchantNames: ['A', 'B'] })).toBe('cat.example');
    expect(hostName('http://127.0.0.1:8787/v1/feed')).toBe('127.0.0.1:8787');
  });
});

function fakeBackground() {
  const sent: PageRequest[] = [];
  let sources = [view({ id: 'demo', kind: 'postcart', url: 'chrome-extension://x/demo-catalog.json' })];
  const send = async (message: PageRequest): Promise<unknown> => {
    sent.push(message);
    switch (message.type) {
      case 'list-sources':
        return { ok: true, data: sources };
      case 'add-source': {
        const added = view({ ...message.source, id: 'new' });
        sources = [...sources, { ...added, status: 'syncing' }];
        return { ok: true, data: added };
      }
      case 'check-source':
        return { ok: true, data: { ok: true, records: 3, skipped: 0, reasons: [], error: null } };
      case 'sync-now':
        return { ok: false, error: because('errSourceGone') };
      default:
        return { ok: true, data: null };
    }
  };
  return { send, sent };
}

describe('the options page’s sources', () => {
  it('checks the form in the page before the background hears of it', async () => {
    const { send, sent } = fakeBackground();
    const controller = new SourcesController({ send, requestOrigins: async () => true });
    controller.setField('url', 'http://feeds.example/v1/feed');
    await controller.add();
    expect(controller.getState().errors.url).toBeDefined();
    expect(sent).toEqual([]);
  });

  it('asks a store’s host permission in the click, before anything is awaited, and refuses without it', async () => {
    const { send, sent } = fakeBackground();
    const requestOrigins = vi.fn(async () => false);
    const controller = new SourcesController({ send, requestOrigins });
    controller.setField('kind', 'shopify');
    controller.setField('url', 'https://store.example');
    controller.setField('merchantName', 'Store Co');
    controller.setField('currency', 'USD');
    const adding = controller.add();
    expect(requestOrigins).toHaveBeenCalledWith(['https://store.example/*']);
    await adding;
    expect(controller.getState().alert).toEqual(because('sourcePermissionDenied'));
    expect(sent.filter((m) => m.type === 'add-source')).toEqual([]);
  });

  it('adds a Postcart feed without asking any permission, clears the form, and follows the sync', async () => {
    const { send, sent } = fakeBackground();
    const requestOrigins = vi.fn(async () => true);
    const listed = vi.fn();
    const controller = new SourcesController({ send, requestOrigins, onSources: listed });
    controller.setField('url', 'https://cat.example/v1/feed');
    await controller.check();
    expect(controller.getState().check).toMatchObject({ ok: true, records: 3 });
    await controller.add();
    expect(requestOrigins).not.toHaveBeenCalled();
    expect(sent.find((m) => m.type === 'add-source')).toMatchObject({ source: { kind: 'postcart', url: 'https://cat.example/v1/feed' } });
    expect(controller.getState()).toMatchObject({ values: { url: '' }, check: null, loaded: true });
    expect(controller.active).toBe(true);
    expect(listed).toHaveBeenLastCalledWith(controller.getState().sources);

    // While a source syncs the list is asked again every second, and not otherwise.
    let tick: () => void = () => undefined;
    const stop = controller.watch({ setInterval: ((fn: () => void) => ((tick = fn), 1)) as unknown as Window['setInterval'], clearInterval: () => undefined });
    const before = sent.length;
    tick();
    expect(sent.length).toBe(before + 1);
    stop();
  });

  it('shows the background’s reason when syncing or removing fails', async () => {
    const { send } = fakeBackground();
    const controller = new SourcesController({ send, requestOrigins: async () => true });
    await controller.sync('gone');
    expect(controller.getState().alert).toEqual(because('errSourceGone'));
    controller.dismissAlert();
    expect(controller.getState().alert).toBeNull();
    expect(controller.getState().busy.size).toBe(0);
  });
});
