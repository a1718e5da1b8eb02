/**
 * The onboarding page (entrypoints/onboarding/): the live demo on a sample post (the buy buttons
 * the background finds for it in the bundled demo catalog, exactly as on Instagram) and the stats
 * question, asked once. The page renders the real overlay components with what this holds.
 */
import { answerStats, type StatsPermission } from '../analytics/consent';
import type { PostRef } from '../catalog/model';
import { reason, type Reason } from './errors';
import type { AnyRequest, PostOffer } from './messages';
import { messageOf, PageStore, type PageSend } from './page-store';
import { request } from './request';
import type { Settings } from './settings';

/**
 * The sample post: the demo catalog tags this Instagram post with Acme's Trail Jacket (a pin on the
 * picture), so the background answers it with a buy button and a dot, like any tagged post.
 */
export const SAMPLE_POST: PostRef = {
  platform: 'instagram',
  postId: 'C8xYz123abc',
  url: 'https://www.instagram.com/p/C8xYz123abc/',
  author: 'acme',
  caption: null,
  links: [],
};

export type DemoState = { status: 'loading' } | { status: 'ready'; offers: PostOffer[] } | { status: 'missing'; error: Reason | null };

export interface OnboardingState {
  settings: Settings | null;
  demo: DemoState;
  /** What was answered on this page: null until then (neither answer is preselected). */
  answered: 'yes' | 'no' | null;
  /** "Yes" was answered but the browser did not grant its permission: the stats stay off. */
  denied: boolean;
  busy: boolean;
  error: Reason | null;
}

export interface OnboardingOptions {
  send: PageSend;
  statsPermission: StatsPermission;
  /** Waits between looks at the demo catalog while the first start imports it (tests pass no wait). */
  sleep?: (ms: number) => Promise<void>;
}

/** The demo catalog is imported at the first start, right when this page opens: looked at again for about 20 s. */
const DEMO_WAITS_MS = [250, 500, 750, 1000, 1500, 2000, 2000, 3000, 4000, 5000];

export class OnboardingController extends PageStore<OnboardingState> {
  private readonly statsPermission: StatsPermission;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: OnboardingOptions) {
    super({ settings: null, demo: { status: 'loading' }, answered: null, denied: false, busy: false, error: null }, options.send);
    this.statsPermission = options.statsPermission;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async load(): Promise<void> {
    await Promise.all([this.loadSettings(), this.loadDemo()]);
  }

  private async loadSettings(): Promise<void> {
    try {
      this.update({ settings: await this.ask({ type: 'get-settings' }) });
    } catch (error) {
      this.update({ error: messageOf(error) });
    }
  }

  /** The sample post's buy buttons, asked as a content script asks; again while the demo catalog is still being imported. */
  async loadDemo(): Promise<void> {
    this.update({ demo: { status: 'loading' } });
    let error: Reason | null = null;
    for (const wait of [0, ...DEMO_WAITS_MS]) {
      if (wait > 0) await this.sleep(wait);
      try {
        // An extension page may ask what a content script asks.
        const found = await request(this.send as (message: AnyRequest) => Promise<unknown>, { type: 'lookup-posts', posts: [SAMPLE_POST] });
        const offers = found.offers[SAMPLE_POST.postId] ?? [];
        if (offers.length > 0) {
          this.update({ demo: { status: 'ready', offers } });
          return;
        }
        error = null;
      } catch (failure) {
        error = messageOf(failure);
      }
    }
    this.update({ demo: { status: 'missing', error: error ?? reason('onboardingDemoMissing') } });
  }

  /**
   * The stats question answered. Call it from the click itself: "yes" asks the browser's
   * permission (Firefox) before anything else is awaited.
   */
  async answer(yes: boolean): Promise<void> {
    if (this.state.busy) return;
    const answered = answerStats(this.statsPermission, yes, (allowed) => this.ask({ type: 'set-analytics', analytics: allowed }));
    this.update({ busy: true, error: null });
    try {
      const settings = await answered;
      this.update({ settings, answered: yes ? 'yes' : 'no', denied: yes && !settings.analytics, busy: false });
    } catch (error) {
      this.update({ busy: false, error: messageOf(error) });
    }
  }
}
