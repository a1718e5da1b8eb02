// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { LinkedProducts } from '@/components/options/LinkedProducts';
import { LinkedPermissionApp, shopOrigin, type PermissionBrowser } from '@/entrypoints/linked-permission/App';
import { SellerPanelController } from '@/utils/seller/panel-state';
import { SETTINGS_DEFAULTS } from '@/utils/platform/settings-reader';
import { english } from '../../fixtures';

function mount(node: preact.ComponentChild): HTMLElement {
  const root = document.createElement('div');
  document.body.append(root);
  render(node, root);
  return root;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the linked-shop permission page', () => {

  function page(origin: string | null, granted: boolean) {
    const sent: unknown[] = [];
    const requested: unknown[] = [];
    const browser: PermissionBrowser = {
      permissions: {
        request: async (permissions) => {
          requested.push(permissions);
          return granted;
        },
      },
      runtime: {
        sendMessage: async (message) => {
          sent.push(message);
          return { ok: true, data: { granted: (message as { decision: string }).decision === 'allow' } };
        },
      },
    };
    const close = vi.fn();
    const root = mount(<LinkedPermissionApp origin={origin} browser={browser} close={close} />);
    const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name)!;
    return { root, sent, requested, close, button };
  }

  it('says in one sentence which shop is read, what for, and that nothing about the page the shopper is on is sent', () => {
    const { root } = page('https://linikoks.example', true);
    expect(root.querySelector('h1')!.textContent).toBe(english('linkedPermissionTitle', 'linikoks.example'));
    expect(root.textContent).toContain(english('linkedPermissionAsk', 'linikoks.example'));
    expect(root.textContent).toContain('Nothing about the page you are on is sent');
  });

  it('asks the browser for that one shop on Allow and tells the background', async () => {
    const { sent, requested, button, root } = page('https://linikoks.example', true);
    button('Allow').click();
    await settle();
    await settle();
    expect(requested).toEqual([{ origins: ['https://linikoks.example/*'] }]);
    expect(sent).toEqual([{ type: 'linked-permission', origin: 'https://linikoks.example', decision: 'allow' }]);
    expect(root.textContent).toContain(english('linkedPermissionGranted'));
  });

  it('tells the background "Not now" without asking the browser', async () => {
    const { sent, requested, button, root } = page('https://linikoks.example', true);
    button('Not now').click();
    await settle();
    await settle();
    expect(requested).toEqual([]);
    expect(sent).toEqual([{ type: 'linked-permission', origin: 'https://linikoks.example', decision: 'refuse' }]);
    expect(root.textContent).toContain(english('linkedPermissionDeclined', 'linikoks.example'));
  });

  it('counts a refused browser prompt as "Not now"', async () => {
    const { sent, button } = page('https://linikoks.example', false);
    button('Allow').click();
    await settle();
    await settle();
    expect(sent).toEqual([{ type: 'linked-permission', origin: 'https://linikoks.example', decision: 'refuse' }]);
  });

  it('asks for nothing when opened with anything but one https shop origin', () => {
    for (const origin of [null, '', 'http://linikoks.example', 'https://linikoks.example/', 'https://linikoks.example/*', 'https://*.example', 'https://linikoks.example:8443', 'javascript:alert(1)', 'https://127.0.0.1', 'https://user@linikoks.example']) {
      expect(shopOrigin(origin), String(origin)).toBeNull();
    }
    const { root } = page('https://*/*', true);
    expect(root.querySelectorAll('button')).toHaveLength(0);
    expect(root.textContent).toBe(english('linkedPermissionBad'));
  });
});

describe('the options page switch for linked products', () => {

  it('is off by default, with its rate disabled until it is on', () => {
    const root = mount(<LinkedProducts auto={SETTINGS_DEFAULTS.linkedAuto} perMinute={SETTINGS_DEFAULTS.linkedPerMinute} disabled={false} onAuto={() => undefined} onRate={() => undefined} />);
    const toggle = root.querySelector<HTMLButtonElement>('[role="switch"]')!;
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    expect(toggle.textContent).toContain(english('optionsLinkedAuto'));
    expect(root.querySelector<HTMLInputElement>('input')!.disabled).toBe(true);
    expect(root.querySelector<HTMLInputElement>('input')!.value).toBe('20');
  });

  it('takes a whole rate within 1 to 60 and puts anything else back', () => {
    const onRate = vi.fn();
    const root = mount(<LinkedProducts auto={true} perMinute={20} disabled={false} onAuto={() => undefined} onRate={onRate} />);
    const input = root.querySelector<HTMLInputElement>('input')!;
    for (const [typed, saved] of [['30', 30], ['7.4', 7], ['0', null], ['61', null], ['lots', null]] as const) {
      input.value = typed;
      input.dispatchEvent(new Event('change'));
      if (saved === null) expect(input.value, typed).toBe('20');
    }
    expect(onRate.mock.calls).toEqual([[30], [7]]);
  });

  it('saves the switch and the rate with the other settings', async () => {
    const sent: unknown[] = [];
    const controller = new SellerPanelController({
      send: async (message) => {
        sent.push(message);
        if (message.type === 'get-settings') return { ok: true, data: { ...SETTINGS_DEFAULTS } };
        if (message.type === 'set-settings') return { ok: true, data: message.settings };
        return { ok: true, data: null };
      },
    });
    await controller.load();
    await controller.changeSettings({ linkedAuto: true });
    await controller.changeSettings({ linkedPerMinute: 12 });
    expect(sent.filter((m) => (m as { type: string }).type === 'set-settings')).toEqual([
      { type: 'set-settings', settings: { ...SETTINGS_DEFAULTS, linkedAuto: true } },
      { type: 'set-settings', settings: { ...SETTINGS_DEFAULTS, linkedAuto: true, linkedPerMinute: 12 } },
    ]);
  });
});
