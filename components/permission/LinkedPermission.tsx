/** The linked-shop permission page's content: which shop, what is read, Allow / Not now. Render only. */
import { t } from '../../utils/platform/i18n';

export type PermissionStep = 'ask' | 'busy' | 'granted' | 'declined' | 'bad';

export interface LinkedPermissionProps {
  host: string;
  step: PermissionStep;
  onAllow: () => void;
  onNotNow: () => void;
  onClose: () => void;
}

export function LinkedPermission({ host, step, onAllow, onNotNow, onClose }: LinkedPermissionProps) {
  if (step === 'bad') {
    return (
      <main class="pc-permission">
        <p role="alert">{t('linkedPermissionBad')}</p>
      </main>
    );
  }
  const done = step === 'granted' || step === 'declined';
  return (
    <main class="pc-permission" aria-labelledby="permission-title">
      <h1 id="permission-title" class="pc-brand">{t('linkedPermissionTitle', host)}</h1>
      <p id="permission-what">{t('linkedPermissionAsk', host)}</p>
      {done ? (
        <>
          <p class={`pc-alert ${step === 'granted' ? 'pc-alert-success' : ''}`} role="status">
            {step === 'granted' ? t('linkedPermissionGranted') : t('linkedPermissionDeclined', host)}
          </p>
          <button type="button" class="pc-button pc-secondary" onClick={onClose}>
            {t('cardClose')}
          </button>
        </>
      ) : (
        <div class="pc-permission-actions">
          <button type="button" class="pc-button pc-primary" aria-describedby="permission-what" disabled={step === 'busy'} onClick={onAllow}>
            {t('linkedPermissionAllow')}
          </button>
          <button type="button" class="pc-button pc-secondary" disabled={step === 'busy'} onClick={onNotNow}>
            {t('linkedPermissionNo')}
          </button>
        </div>
      )}
    </main>
  );
}
