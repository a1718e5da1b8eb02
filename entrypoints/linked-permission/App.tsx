/**
 * The permission page the background opens when a press on "Check price" needs to read a shop's
 * page: one sentence saying which shop, what is read and that nothing about the page the shopper
 * is on is sent; Allow asks the browser for that shop's host permission (a click is the user
 * gesture the browser requires), Not now is remembered by the background.
 */
import { useState } from 'preact/hooks';
import { LinkedPermission, type PermissionStep } from '../../components/permission/LinkedPermission';
import { request } from '../../utils/platform/request';
import type { PageRequest } from '../../utils/platform/messages';
import { isShopOrigin, originPattern } from '../../utils/platform/urls';

/** The few browser APIs the page uses (tests pass a fake). */
export interface PermissionBrowser {
  permissions: { request(permissions: { origins: string[] }): Promise<boolean> };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
}

/** `https://host` exactly, or null: the page never asks for anything broader than one shop. */
export function shopOrigin(raw: string | null): string | null {
  return isShopOrigin(raw) ? raw : null;
}

export function LinkedPermissionApp({ origin: raw, browser, close }: { origin: string | null; browser: PermissionBrowser; close: () => void }) {
  const origin = shopOrigin(raw);
  const [step, setStep] = useState<PermissionStep>(origin ? 'ask' : 'bad');

  const answer = async (asked: Promise<boolean> | null) => {
    if (!origin) return;
    setStep('busy');
    let granted = false;
    try {
      granted = asked ? await asked : false;
    } catch {
      granted = false;
    }
    try {
      const message = { type: 'linked-permission', origin, decision: granted ? 'allow' : 'refuse' } satisfies PageRequest;
      const reply = await request((m) => browser.runtime.sendMessage(m), message);
      setStep(reply.granted ? 'granted' : 'declined');
      // The post's button appears by itself; the window has nothing more to say.
      if (reply.granted) setTimeout(close, 1500);
    } catch {
      setStep(granted ? 'granted' : 'declined');
    }
  };

  return (
    <LinkedPermission
      host={origin ? new URL(origin).host : ''}
      step={step}
      // Asked right in the click handler: browsers grant permissions only from a user's gesture.
      onAllow={() => void answer(origin ? browser.permissions.request({ origins: [originPattern(origin)] }) : null)}
      onNotNow={() => void answer(null)}
      onClose={close}
    />
  );
}
