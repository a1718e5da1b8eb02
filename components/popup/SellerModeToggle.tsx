/** The seller mode switch in the popup header. Render only. */
import { t } from '../../utils/platform/i18n';
import { Switch } from '../shared/Switch';

export interface SellerModeToggleProps {
  checked: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
}

export function SellerModeToggle({ checked, disabled = false, onChange }: SellerModeToggleProps) {
  return (
    <Switch
      className="pc-seller-toggle"
      label={t('sellerMode')}
      hint={t('sellerModeHint')}
      hintId="pc-seller-hint"
      hintVisible={false}
      checked={checked}
      disabled={disabled}
      onChange={onChange}
    />
  );
}
