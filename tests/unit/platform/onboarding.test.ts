import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ONBOARDED_KEY, onboardingOnInstall, ONBOARDING_PATH } from '@/utils/platform/onboarding';
import { OnboardingController, SAMPLE_POST } from '@/utils/platform/onboarding-store';
import type { AnyRequest, PostOffer } from '@/utils/platform/messages';
import type { StatsPermission } from '@/utils/analytics/consent';
import { because } from '../fixtures';

const OFFER: PostOffer = {
  matchId: 'demo-t1', reason: 'tag', productId: 'acme:1001', variantId: '40110010002', title: 'Trail Jacket', merchantName: 'Acme Outdoor',
  priceMinor: 12900, reduction: null, currency: 'USD', available: true, rating: 4.6, reviewCount: 212, pin: { x: 0.42, y: 0.61 },
};

describe('the onboarding page', () => {
  it('opens when Postcart is installed, and never on an update or a browser update', async () => {
    const open = vi.fn(async () => undefined);
    const listener = onboardingOnInstall(open, fakeBrowser.storage.local, () => 42);
    for (const reason of ['update', 'chrome_update', 'browser_update', 'shared_module_update']) await listener({ reason });
    expect(open).not.toHaveBeenCalled();
    await listener({ reason: 'install' });
    expect(open).toHaveBeenCalledWith(ONBOARDING_PATH);
  });

  it('opens once per profile, though Chrome says "install" at every start of an extension loaded from the command line', async () => {
    const open = vi.fn(async () => undefined);
    await onboardingOnInstall(open, fakeBrowser.storage.local, () => 42)({ reason: 'install' });
    expect(open).toHaveBeenCalledTimes(1);
    expect(await fakeBrowser.storage.local.get(ONBOARDED_KEY)).toEqual({ [ONBOARDED_KEY]: 42 });
    await onboardingOnInstall(open, fakeBrowser.storage.local)({ reason: 'install' });
    expect(open).toHaveBeenCalledTimes(1);
  });
});

function background(answers: { offers?: () => PostOffer[]; analytics?: boolean } = {}) {
  const sent: AnyRequest[] = [];
  let settings = { sellerMode: false, analytics: false, consentAsked: false };
  const send = async (message: AnyRequest): Promise<unknown> => {
    sent.push(message);
    if (message.type === 'get-settings') return { ok: true, data: settings };
    if (message.type === 'set-analytics') {
      settings = { ...settings, analytics: message.analytics, consentAsked: true };
      return { ok: true, data: settings };
    }
    if (message.type === 'lookup-posts') return { ok: true, data: { offers: { [SAMPLE_POST.postId]: answers.offers?.() ?? [OFFER] }, linkable: {} } };
    return { ok: false, error: because('errMalformedMessage') };
  };
  return { send, sent };
}

const allowed: StatsPermission = { request: async () => true, release: async () => undefined };

describe('the onboarding controller', () => {
  it('asks the background for the sample post as a content script would, and shows its buy buttons', async () => {
    const { send, sent } = background();
    const controller = new OnboardingController({ send, statsPermission: allowed, sleep: async () => undefined });
    await controller.load();
    expect(sent).toContainEqual({ type: 'lookup-posts', posts: [SAMPLE_POST] });
    expect(controller.getState()).toMatchObject({ demo: { status: 'ready', offers: [OFFER] }, settings: { analytics: false, consentAsked: false }, answered: null });
  });

  it('waits for the demo catalog while the first start imports it, and says so when it never comes', async () => {
    let calls = 0;
    const waits: number[] = [];
    const late = background({ offers: () => (++calls < 3 ? [] : [OFFER]) });
    const controller = new OnboardingController({ send: late.send, statsPermission: allowed, sleep: async (ms) => void waits.push(ms) });
    await controller.loadDemo();
    expect(controller.getState().demo.status).toBe('ready');
    expect(waits).toHaveLength(2);

    const never = background({ offers: () => [] });
    const empty = new OnboardingController({ send: never.send, statsPermission: allowed, sleep: async () => undefined });
    await empty.loadDemo();
    expect(empty.getState().demo).toEqual({ status: 'missing', error: because('onboardingDemoMissing') });
  });

  it('stores no stats until the user answers, and yes only when the browser allows it', async () => {
    const { send, sent } = background();
    const refused: StatsPermission = { request: vi.fn(async () => false), release: async () => undefined };
    const controller = new OnboardingController({ send, statsPermission: refused, sleep: async () => undefined });
    await controller.load();
    expect(sent.some((m) => m.type === 'set-analytics' || m.type === 'set-settings')).toBe(false);
    await controller.answer(true);
    expect(controller.getState()).toMatchObject({ answered: 'yes', denied: true, settings: { analytics: false, consentAsked: true } });

    const yes = new OnboardingController({ send, statsPermission: allowed, sleep: async () => undefined });
    await yes.answer(true);
    expect(yes.getState()).toMatchObject({ answered: 'yes', denied: false, settings: { analytics: true, consentAsked: true } });
    await yes.answer(false);
    expect(yes.getState()).toMatchObject({ answered: 'no', settings: { analytics: false } });
  });
});
