/**
 * The onboarding page: what Postcart does, a sample post the real overlay is mounted on (the
 * entrypoint mounts it into the elements it gets through `demoRefs`), seller mode, and the stats
 * question with two equal buttons, neither chosen beforehand. Render only.
 */
import type { Ref } from 'preact';
import { reasonText, t } from '@/utils/platform/i18n';
import { iconPath, iconSrcset } from '@/utils/platform/icons';
import type { OnboardingState } from '@/utils/platform/onboarding-store';

export interface DemoRefs {
  post: Ref<HTMLElement>;
  media: Ref<HTMLImageElement>;
  bar: Ref<HTMLDivElement>;
}

export interface OnboardingProps {
  state: OnboardingState;
  /** The sample post's picture (a demo catalog image inside the extension). */
  sampleImage: string;
  demoRefs: DemoRefs;
  settingsHref: string;
  onAnswer: (yes: boolean) => void;
  onRetryDemo: () => void;
}

function StatsAnswer({ state }: { state: OnboardingState }) {
  if (state.answered === null) return null;
  const key = state.denied ? 'statsDenied' : state.answered === 'yes' ? 'statsOnNote' : 'statsOffNote';
  return <p class="pc-alert pc-alert-success pc-onboarding-answer">{t(key)}</p>;
}

export function Onboarding({ state, sampleImage, demoRefs, settingsHref, onAnswer, onRetryDemo }: OnboardingProps) {
  const { demo } = state;
  const alreadyAnswered = state.answered === null && state.settings?.consentAsked === true;
  return (
    <div class="pc-onboarding">
      <header class="pc-page-header pc-onboarding-header">
        <img src={iconPath(96)} srcset={iconSrcset(48)} alt="" width={48} height={48} />
        <div>
          <h1>{t('onboardingTitle')}</h1>
          <p class="pc-onboarding-lead">{t('onboardingLead')}</p>
        </div>
      </header>
      <main>
        <section class="pc-onboarding-section" aria-labelledby="ob-what">
          <h2 id="ob-what">{t('onboardingWhatHeading')}</h2>
          <ul class="pc-onboarding-points">
            <li>
              <strong>{t('onboardingButtonsTitle')}</strong> {t('onboardingButtons')}
            </li>
            <li>
              <strong>{t('onboardingCardTitle')}</strong> {t('onboardingCard')}
            </li>
            <li>
              <strong>{t('onboardingCartTitle')}</strong> {t('onboardingCart')}
            </li>
          </ul>
        </section>

        <section class="pc-onboarding-section pc-onboarding-demo" aria-labelledby="ob-demo">
          <h2 id="ob-demo">{t('onboardingDemoHeading')}</h2>
          <p>{t('onboardingDemoHint')}</p>
          <article class="pc-sample-post" ref={demoRefs.post} aria-label={t('onboardingSampleLabel')}>
            <header class="pc-sample-author">
              <span class="pc-sample-avatar" aria-hidden="true">
                A
              </span>
              <span>
                <strong>acme</strong>
                <span class="pc-small pc-muted"> · {t('onboardingSampleNote')}</span>
              </span>
            </header>
            <figure class="pc-sample-media">
              <img ref={demoRefs.media} src={sampleImage} alt={t('onboardingSampleAlt')} width={480} height={480} />
            </figure>
            <div class="pc-sample-bar" ref={demoRefs.bar} />
            <p class="pc-sample-caption">
              <strong>acme</strong> {t('onboardingSampleCaption')}
            </p>
          </article>
          <p class="pc-small" role="status">
            {demo.status === 'loading' ? t('onboardingDemoLoading') : demo.status === 'missing' ? reasonText(demo.error) : ''}
          </p>
          {demo.status === 'missing' && (
            <button type="button" class="pc-button pc-secondary" onClick={onRetryDemo}>
              {t('onboardingDemoRetry')}
            </button>
          )}
        </section>

        <section class="pc-onboarding-section" aria-labelledby="ob-seller">
          <h2 id="ob-seller">{t('onboardingSellerHeading')}</h2>
          <p>{t('onboardingSeller')}</p>
          <p>{t('onboardingSellerConnect')}</p>
        </section>

        <section class="pc-onboarding-section pc-onboarding-stats" aria-labelledby="ob-stats">
          <h2 id="ob-stats">{t('onboardingStatsHeading')}</h2>
          <p id="ob-stats-question">
            <strong>{t('statsQuestion')}</strong>
          </p>
          <p id="ob-stats-what">{t('analyticsHint')}</p>
          <p class="pc-muted">{t('onboardingStatsDefault')}</p>
          {alreadyAnswered ? (
            <p>{t(state.settings?.analytics ? 'statsOnNote' : 'statsOffNote')}</p>
          ) : (
            <div class="pc-consent-actions" role="group" aria-labelledby="ob-stats-question" aria-describedby="ob-stats-what">
              <button type="button" class="pc-button pc-secondary" disabled={state.busy || state.settings === null} aria-pressed={state.answered === 'yes'} onClick={() => onAnswer(true)}>
                {t('statsYes')}
              </button>
              <button type="button" class="pc-button pc-secondary" disabled={state.busy || state.settings === null} aria-pressed={state.answered === 'no'} onClick={() => onAnswer(false)}>
                {t('statsNo')}
              </button>
            </div>
          )}
          <div role="status">
            <StatsAnswer state={state} />
          </div>
          {state.error && (
            <p class="pc-alert pc-alert-error" role="alert">
              {reasonText(state.error)}
            </p>
          )}
        </section>

        <footer class="pc-onboarding-footer">
          <a class="pc-button pc-primary" href={settingsHref}>
            {t('onboardingOpenSettings')}
          </a>
          <p class="pc-small pc-muted">{t('onboardingLater')}</p>
        </footer>
      </main>
    </div>
  );
}
