// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { AnalyticsToggle } from '@/components/shared/AnalyticsToggle';
import { UserError } from '@/utils/platform/errors';
import { PendingTagsLine, Publishing } from '@/components/options/Publishing';
import { SellerConnect, SellerConnectForm } from '@/components/options/SellerConnect';
import { SourceList } from '@/components/options/Sources';
import type { PageRequest } from '@/utils/platform/messages';
import { sourceView, type SellerStatus, type SourceView } from '@/utils/seller/model';
import { browserName, SellerPanelController, type ConnectForm } from '@/utils/seller/panel-state';
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
  const FORM: ConnectForm = { sourceId: 'cat', mode: 'code', value: '', serverId: '', error: null };
  const formProps = { label: 'Connect', servers: [], busy: false, onMode: noop, onValue: noop, onServer: noop, onConnect: noop, onCancel: noop };

  it('offer "connect as seller" on a source, and who it is connected as', () => {
    const onOpen = vi.fn();
    const closed = mount(<SellerConnect source={SOURCE} name="Acme server" form={null} busy={false} onOpen={onOpen} onDisconnect={noop} renderForm={() => <form />} />);
    closed.querySelector('button')!.click();
    expect(onOpen).toHaveBeenCalled();
    expect(closed.querySelector('button')!.getAttribute('aria-label')).toBe(english('sellerConnectLabel', 'Acme server'));
    const open = mount(<SellerConnect source={SOURCE} name="Acme server" form={FORM} busy={false} onOpen={noop} onDisconnect={noop} renderForm={(form) => <p class="form">{form.sourceId}</p>} />);
    expect(open.querySelector('.form')?.textContent).toBe('cat');

    const connected = mount(
      <SellerConnect source={{ ...SOURCE, seller: { merchantId: 'acme', merchantName: 'Acme Outdoor', connectedAt: 0 } }} name="Acme server" form={null} busy={false} onOpen={noop} onDisconnect={noop} renderForm={() => <form />} />,
    );
    expect(connected.textContent).toContain(english('sellerConnectedAs', ['Acme Outdoor', 'Jan 1, 1970']));
    expect(connected.querySelector('input')).toBeNull();
  });

  it('ask for a pairing code first, in a labelled text field, with the token as the fallback', () => {
    const onMode = vi.fn();
    const onConnect = vi.fn();
    const code = mount(<SellerConnectForm {...formProps} form={{ ...FORM, value: 'ABCD-2345' }} onMode={onMode} onConnect={onConnect} />);
    const input = code.querySelector('input')!;
    expect(input.type).toBe('text');
    expect(code.querySelector(`label[for="${input.id}"]`)?.textContent).toBe(english('sellerPairCode'));
    expect(code.querySelector(`#${input.getAttribute('aria-describedby')}`)?.textContent).toBe(english('sellerPairHint'));
    [...code.querySelectorAll('button')].find((b) => b.textContent === english('sellerUseToken'))!.click();
    expect(onMode).toHaveBeenCalledWith('token');
    code.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(onConnect).toHaveBeenCalled();

    const token = mount(<SellerConnectForm {...formProps} form={{ ...FORM, mode: 'token', value: 'pct_x', error: because('errSellerTokenRefused', 'cat.example') }} />);
    const secret = token.querySelector('input')!;
    expect(secret.type).toBe('password');
    expect(secret.getAttribute('aria-invalid')).toBe('true');
    expect(token.querySelector(`#${secret.getAttribute('aria-describedby')}`)?.textContent).toBe(english('errSellerTokenRefused', 'cat.example'));
  });

  it('let the Seller section’s form pick the server for a code, and not for a link', () => {
    const servers = [{ id: 'a', name: 'Acme server' }, { id: 'b', name: 'Lune server' }];
    const onServer = vi.fn();
    const picking = mount(<SellerConnectForm {...formProps} servers={servers} form={{ ...FORM, sourceId: null, value: 'ABCD-2345' }} onServer={onServer} />);
    const select = picking.querySelector('select')!;
    expect([...select.options].map((o) => o.textContent)).toEqual([english('sellerServerChoose'), 'Acme server', 'Lune server']);
    expect(picking.querySelector(`label[for="${select.id}"]`)?.textContent).toBe(english('sellerServer'));
    const link = mount(<SellerConnectForm {...formProps} servers={servers} form={{ ...FORM, sourceId: null, value: 'https://cat.example/pair#code=ABCD2345' }} />);
    expect(link.querySelector('select')).toBeNull();
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

  it('pairs with a code or a link, keeps the form open with the reason on failure, and forgets the code on success', async () => {
    let accept = false;
    const { send, sent } = fakeSend({
      'seller-status': () => STATUS,
      'get-settings': () => ({ sellerMode: true, analytics: false, consentAsked: false }),
      'pair-seller': () => {
        if (!accept) throw new UserError('errPairingInvalid', ['cat.example']);
        return { ...SOURCE, seller: { merchantId: 'acme', merchantName: 'Acme', connectedAt: 0 } };
      },
    });
    const changed = vi.fn();
    const controller = new SellerPanelController({ send, onSourcesChanged: changed, deviceName: 'Postcart in Firefox' });
    await controller.load();

    controller.openForm('cat');
    await controller.connect();
    expect(controller.getState().form?.error).toEqual(because('sellerPairMissing'));
    controller.setValue(' abcd-2345 ');
    await controller.connect();
    expect(sent.at(-1)).toEqual({ type: 'pair-seller', sourceId: 'cat', input: 'abcd-2345', device: 'Postcart in Firefox' });
    expect(controller.getState().form).toMatchObject({ sourceId: 'cat', value: ' abcd-2345 ', error: because('errPairingInvalid', 'cat.example') });
    expect(changed).not.toHaveBeenCalled();

    // From the Seller section: a link names its server, whatever server was picked.
    accept = true;
    controller.openForm(null, 'cat');
    controller.setValue('https://cat.example/pair#code=ABCD2345');
    await controller.connect();
    expect(sent.filter((m) => m.type === 'pair-seller').at(-1)).toMatchObject({ sourceId: null, input: 'https://cat.example/pair#code=ABCD2345' });
    expect(controller.getState().form).toBeNull();
    expect(changed).toHaveBeenCalledTimes(1);
    controller.openForm(null, 'cat');
    controller.setValue('ABCD-2345');
    await controller.connect();
    expect(sent.filter((m) => m.type === 'pair-seller').at(-1)).toMatchObject({ sourceId: 'cat', input: 'ABCD-2345' });
    expect(controller.getState().busy.size).toBe(0);
  });

  it('connects with a pasted token as the fallback, and needs a server for it', async () => {
    const { send, sent } = fakeSend({
      'seller-status': () => STATUS,
      'connect-seller': () => ({ ...SOURCE, seller: { merchantId: 'acme', merchantName: 'Acme', connectedAt: 0 } }),
    });
    const controller = new SellerPanelController({ send });
    controller.openForm(null);
    controller.setMode('token');
    await controller.connect();
    expect(controller.getState().form?.error).toEqual(because('sellerTokenMissing'));
    controller.setValue('pct_right');
    await controller.connect();
    expect(controller.getState().form?.error).toEqual(because('errPairingWhichServer'));
    controller.setServer('cat');
    await controller.connect();
    expect(sent.filter((m) => m.type === 'connect-seller')).toEqual([{ type: 'connect-seller', sourceId: 'cat', token: 'pct_right' }]);
    expect(controller.getState().form).toBeNull();
  });

  it('names the browser for the server’s list of paired devices', () => {
    expect(browserName('Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0')).toBe('Firefox');
    expect(browserName('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36')).toBe('Chrome');
    expect(browserName('Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 Edg/156.0.0.0')).toBe('Edge');
  });

  it('publishes, dismisses conflicts and switches analytics through the background', async () => {
    const { send, sent } = fakeSend({
      'seller-status': () => STATUS,
      'get-settings': () => ({ sellerMode: false, analytics: true, consentAsked: true }),
      'publish-now': () => ({ ...STATUS, pending: 0 }),
      'dismiss-conflict': () => ({ ...STATUS, conflicts: [] }),
      'set-analytics': (m) => ({ sellerMode: false, analytics: (m as Extract<PageRequest, { type: 'set-analytics' }>).analytics, consentAsked: true }),
    });
    const released = vi.fn();
    const controller = new SellerPanelController({ send, statsPermission: { request: async () => false, release: async () => released() } });
    await controller.load();
    await controller.publish();
    expect(controller.getState().status?.pending).toBe(0);
    await controller.dismissConflict('t1');
    expect(controller.getState().status?.conflicts).toEqual([]);
    await controller.setAnalytics(false);
    expect(sent.at(-1)).toEqual({ type: 'set-analytics', analytics: false });
    expect(released).toHaveBeenCalled();
    expect(controller.getState().settings?.analytics).toBe(false);
    // Switching on asks the browser first; refused there, the stats stay off.
    await controller.setAnalytics(true);
    expect(sent.at(-1)).toEqual({ type: 'set-analytics', analytics: false });
  });
});
