// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { AnalyticsToggle } from '@/components/shared/AnalyticsToggle';
import { UserError } from '@/utils/platform/errors';
import { PendingTagsLine, Publishing } from '@/components/options/Publishing';
import { SellerConnect } from '@/components/options/SellerConnect';
import { SourceList } from '@/components/options/Sources';
import type { PageRequest } from '@/utils/platform/messages';
import { sourceView, type SellerStatus, type SourceView } from '@/utils/seller/model';
import { SellerPanelController } from '@/utils/seller/panel-state';
import { newSourceState } from '@/utils/sync/source';
import { because, english, refused } from '../fixtures';

const SOURCE: SourceView = sourceView(newSourceState({ id: 'cat', kind: 'postcart', url: 'https://cat.example/v1/feed', label: 'Acme server' }));
const TAG = { id: 't1', platform: 'instagram' as const, postId: 'C8xYz123abc', productId: 'acme:1', variantId: '11', x: 0.1, y: 0.2, updatedAt: '2026-11-20T10:00:00Z' };
const STATUS: SellerStatus = {
  pending: 2,
  waiting: 1,
  errors: [{ tagId: 't9', error: because('errWaitingForSeller') }],
  runs: [{ sourceId: 'cat', label: 'Acme server', run: { at: 0, published: 3, conflicts: 1, refused: 0, error: null } }],
  conflicts: [{ tagId: 't1', at: 0, sourceId: 'cat', kind: 'conflict', mine: { op: 'upsert', tag: TAG }, theirs: { ...TAG, x: 0.9, version: 7 }, reason: null }],
  titles: { 'acme:1': 'Trail Jacket' },
};

function mount(node: preact.ComponentChild): HTMLElement {
  const root = document.createElement('div');
  document.body.append(root);
  render(node, root);
  return root;
}

const noop = () => undefined;

describe('the seller parts of the options page', () => {
  it('offer "connect as seller" on a source, a labelled token field, and who it is connected as', () => {
    const onOpen = vi.fn();
    const closed = mount(<SellerConnect source={SOURCE} open={false} token="" error={null} busy={false} onOpen={onOpen} onToken={noop} onConnect={noop} onCancel={noop} onDisconnect={noop} />);
    closed.querySelector('button')!.click();
    expect(onOpen).toHaveBeenCalled();
    expect(closed.querySelector('button')!.getAttribute('aria-label')).toBe(english('sellerConnectLabel', 'Acme server'));

    const onConnect = vi.fn();
    const open = mount(<SellerConnect source={SOURCE} open token="pct_x" error={because('errSellerTokenRefused', 'cat.example')} busy={false} onOpen={noop} onToken={noop} onConnect={onConnect} onCancel={noop} onDisconnect={noop} />);
    const input = open.querySelector('input')!;
    expect(input.type).toBe('password');
    expect(open.querySelector(`label[for="${input.id}"]`)).not.toBeNull();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(open.querySelector(`#${input.getAttribute('aria-describedby')}`)?.textContent).toBe(english('errSellerTokenRefused', 'cat.example'));
    open.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(onConnect).toHaveBeenCalled();

    const connected = mount(
      <SellerConnect source={{ ...SOURCE, seller: { merchantId: 'acme', merchantName: 'Acme Outdoor', connectedAt: 0 } }} open={false} token="" error={null} busy={false} onOpen={noop} onToken={noop} onConnect={noop} onCancel={noop} onDisconnect={noop} />,
    );
    expect(connected.textContent).toContain(english('sellerConnectedAs', ['Acme Outdoor', 'Jan 1, 1970']));
    expect(connected.querySelector('input')).toBeNull();
  });

  it('put the seller part under its source in the list', () => {
    const root = mount(<SourceList sources={[SOURCE]} busy={new Set()} onSync={noop} onRemove={noop} renderExtra={(s) => <p class="extra">{s.id}</p>} />);
    expect(root.querySelector('li .extra')?.textContent).toBe('cat');
  });

  it('show what waits to publish, the last run, and conflicts that can be dismissed', () => {
    const onDismiss = vi.fn();
    const onPublish = vi.fn();
    const root = mount(<Publishing status={STATUS} busy={false} onPublish={onPublish} onDismiss={onDismiss} />);
    expect(root.querySelector('[role="status"]')?.textContent).toBe(`${english('publishPending', 2)} · ${english('publishWaiting', 1)}`);
    expect(root.textContent).toContain(english('errWaitingForSeller'));
    const items = root.querySelectorAll('li.pc-conflict');
    expect(items).toHaveLength(1);
    items[0]!.querySelector('button')!.click();
    expect(onDismiss).toHaveBeenCalledWith('t1');
    root.querySelector<HTMLButtonElement>('.pc-actions button')!.click();
    expect(onPublish).toHaveBeenCalled();
    expect(mount(<PendingTagsLine pending={0} />).textContent).toBe('');
    expect(mount(<PendingTagsLine pending={3} />).textContent).toBe(english('publishPendingPopup', 3));
  });

  it('have an analytics switch that says its state', () => {
    const onChange = vi.fn();
    const root = mount(<AnalyticsToggle checked onChange={onChange} idPrefix="t" />);
    const toggle = root.querySelector('[role="switch"]')!;
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    expect(root.querySelector(`#${toggle.getAttribute('aria-describedby')}`)).not.toBeNull();
    (toggle as HTMLButtonElement).click();
    expect(onChange).toHaveBeenCalledWith(false);
  });
});

describe('the seller panel controller', () => {
  function fakeSend(answers: Partial<Record<PageRequest['type'], (m: PageRequest) => unknown>>) {
    const sent: PageRequest[] = [];
    const send = async (message: PageRequest) => {
      sent.push(message);
      const answer = answers[message.type];
      if (!answer) return refused('errMalformedMessage');
      try {
        return { ok: true, data: answer(message) };
      } catch (error) {
        return { ok: false, error: (error as UserError).reason };
      }
    };
    return { send, sent };
  }

  it('connects with the pasted token, keeps the form open with the reason on failure, and forgets the token on success', async () => {
    let accept = false;
    const { send, sent } = fakeSend({
      'seller-status': () => STATUS,
      'get-settings': () => ({ sellerMode: true, analytics: true }),
      'connect-seller': () => {
        if (!accept) throw new UserError('errSellerTokenRefused', ['cat.example']);
        return { ...SOURCE, seller: { merchantId: 'acme', merchantName: 'Acme', connectedAt: 0 } };
      },
    });
    const changed = vi.fn();
    const controller = new SellerPanelController({ send, onSourcesChanged: changed });
    await controller.load();
    expect(controller.getState()).toMatchObject({ status: STATUS, settings: { analytics: true } });

    controller.openForm('cat');
    await controller.connect();
    expect(controller.getState().form?.error).toEqual(because('sellerTokenMissing'));
    controller.setToken(' pct_wrong ');
    await controller.connect();
    expect(sent.at(-1)).toEqual({ type: 'connect-seller', sourceId: 'cat', token: 'pct_wrong' });
    expect(controller.getState().form).toMatchObject({ sourceId: 'cat', token: ' pct_wrong ', error: because('errSellerTokenRefused', 'cat.example') });
    expect(changed).not.toHaveBeenCalled();

    accept = true;
    controller.setToken('pct_right');
    await controller.connect();
    expect(controller.getState().form).toBeNull();
    expect(changed).toHaveBeenCalledTimes(1);
    expect(controller.getState().busy.size).toBe(0);
  });

  it('publishes, dismisses conflicts and switches analytics through the background', async () => {
    const { send, sent } = fakeSend({
      'seller-status': () => STATUS,
      'get-settings': () => ({ sellerMode: false, analytics: true }),
      'publish-now': () => ({ ...STATUS, pending: 0 }),
      'dismiss-conflict': () => ({ ...STATUS, conflicts: [] }),
      'set-settings': (m) => (m as Extract<PageRequest, { type: 'set-settings' }>).settings,
    });
    const controller = new SellerPanelController({ send });
    await controller.load();
    await controller.publish();
    expect(controller.getState().status?.pending).toBe(0);
    await controller.dismissConflict('t1');
    expect(controller.getState().status?.conflicts).toEqual([]);
    await controller.setAnalytics(false);
    expect(sent.at(-1)).toEqual({ type: 'set-settings', settings: { sellerMode: false, analytics: false } });
    expect(controller.getState().settings?.analytics).toBe(false);
  });
});
