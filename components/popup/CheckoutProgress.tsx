/** Merchant by merchant progress of a checkout. Render only. */
import type { CheckoutStep } from '../../utils/cart/popup-store';
import { reason } from '../../utils/platform/errors';
import { reasonText, t } from '../../utils/platform/i18n';
import { isHttpsUrl } from './Cart';

export interface CheckoutProgressProps {
  steps: readonly CheckoutStep[];
}

function stepText(step: CheckoutStep): string {
  if (step.state === 'waiting') return t('stepWaiting');
  if (step.state === 'working') return t('stepWorking');
  if (step.state === 'failed') return t('stepFailed', reasonText(step.error ?? reason('errOrderServer')));
  const order = step.order;
  if (order?.status === 'placed') return t('stepPlaced', String(order.remote?.number ?? ''));
  if (order?.status === 'pending') return t('stepPending');
  return t('stepHandedOff');
}

export function CheckoutProgress({ steps }: CheckoutProgressProps) {
  const done = steps.filter((step) => step.state === 'done').length;
  return (
    <section class="pc-progress" aria-labelledby="pc-progress-title">
      <h2 class="pc-small pc-progress-title" id="pc-progress-title">
        {t('progressHeading', [done, steps.length])}
      </h2>
      {/* Polite live region: each merchant's result is read out as it arrives. */}
      <ol class="pc-progress-steps" aria-live="polite">
        {steps.map((step) => (
          <li key={step.merchantId} class={`pc-step-${step.state}`} data-merchant={step.merchantId} data-state={step.state}>
            <bdi class="pc-step-name">{step.merchantName}</bdi>
            <span class="pc-step-text">{stepText(step)}</span>
            {step.state === 'done' && step.order && isHttpsUrl(step.order.checkoutUrl) && (
              <a href={step.order.checkoutUrl} target="_blank" rel="noopener noreferrer" class="pc-small">
                {t('stepOpen', step.merchantName)}
              </a>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
