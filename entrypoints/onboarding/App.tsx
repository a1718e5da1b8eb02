/**
 * The onboarding page, opened once when Postcart is installed (utils/platform/onboarding.ts):
 * wires OnboardingController (utils/platform/onboarding-store.ts) to its view and mounts the real
 * overlay on the sample post once the background found its product (utils/overlay/demo.tsx).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { Onboarding } from '../../components/onboarding/Onboarding';
import { browserStatsPermission, type PermissionsApi } from '../../utils/analytics/consent';
import { mountDemoOverlay } from '../../utils/overlay/demo';
import { sendToBackground } from '../../utils/overlay/messenger';
import { OnboardingController, SAMPLE_POST } from '../../utils/platform/onboarding-store';

const SAMPLE_IMAGE = '/demo/images/trail-jacket.svg';

export function OnboardingApp() {
  const controller = useMemo(
    () =>
      new OnboardingController({
        send: (message) => browser.runtime.sendMessage(message),
        statsPermission: browserStatsPermission(browser.permissions as unknown as PermissionsApi, browser.runtime.getManifest()),
      }),
    [],
  );
  const [state, setState] = useState(controller.getState());
  const post = useRef<HTMLElement>(null);
  const media = useRef<HTMLImageElement>(null);
  const bar = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const unsubscribe = controller.subscribe(setState);
    void controller.load();
    return unsubscribe;
  }, [controller]);

  const offers = state.demo.status === 'ready' ? state.demo.offers : null;
  useEffect(() => {
    if (!offers || !post.current || !media.current || !bar.current) return;
    return mountDemoOverlay({ post: post.current, media: media.current, bar: bar.current }, SAMPLE_POST, offers, sendToBackground);
  }, [offers]);

  return (
    <Onboarding
      state={state}
      sampleImage={SAMPLE_IMAGE}
      demoRefs={{ post, media, bar }}
      settingsHref="/options.html"
      onAnswer={(yes) => void controller.answer(yes)}
      onRetryDemo={() => void controller.loadDemo()}
    />
  );
}
