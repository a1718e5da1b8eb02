/** The off switch for anonymous shopping stats (popup and options page). Render only. */
import { t } from '../utils/i18n';

export interface AnalyticsToggleProps {
  checked: boolean;
  disabled?: boolean;
  /** Element ids must be unique per page. */
  idPrefix?: string;
  onChange: (checked: boolean) => void;
}

export function AnalyticsToggle({ checked, disabled = false, idPrefix = 'pc', onChange }: AnalyticsToggleProps) {
  const hint = `${idPrefix}-analytics-hint`;
  return (
    <div class="pc-analytics-toggle">
      <button
        type="button"
        role="switch"
        class="pc-switch"
        aria-checked={checked ? 'true' : 'false'}
        aria-describedby={hint}
        disabled={disabled}
        onClick={() => onChange(!checked)}
      >
        <span class="pc-switch-label">{t('analyticsSwitch')}</span>
        <span class="pc-switch-track" aria-hidden="true">
          <span class="pc-switch-thumb" />
        </span>
      </button>
      <p id={hint} class="pc-small pc-muted">
        {t('analyticsHint')}
      </p>
    </div>
  );
}
