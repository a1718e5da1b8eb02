/** The seller mode switch in the popup header. Render only. */
import { t } from '../utils/i18n';

export interface SellerModeToggleProps {
  checked: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
}

export function SellerModeToggle({ checked, disabled = false, onChange }: SellerModeToggleProps) {
  return (
    <div class="pc-seller-toggle">
      <button
        type="button"
        role="switch"
        class="pc-switch"
        aria-checked={checked ? 'true' : 'false'}
        aria-describedby="pc-seller-hint"
        disabled={disabled}
        onClick={() => onChange(!checked)}
      >
        <span class="pc-switch-label">{t('sellerMode')}</span>
        {/* The track is decoration; the state is in aria-checked. */}
        <span class="pc-switch-track" aria-hidden="true">
          <span class="pc-switch-thumb" />
        </span>
      </button>
      <span id="pc-seller-hint" class="pc-visually-hidden">
        {t('sellerModeHint')}
      </span>
    </div>
  );
}
