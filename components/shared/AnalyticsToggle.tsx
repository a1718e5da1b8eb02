/** The off switch for anonymous shopping stats (popup and options page). Render only. */
import { t } from '../../utils/platform/i18n';
import { Switch } from './Switch';

export interface AnalyticsToggleProps {
  checked: boolean;
  disabled?: boolean;
  /** Element ids must be unique per page. */
  idPrefix?: string;
  onChange: (checked: boolean) => void;
}

export function AnalyticsToggle({ checked, disabled = false, idPrefix = 'pc', onChange }: AnalyticsToggleProps) {
  return (
    <Switch
      className="pc-analytics-toggle"
      label={t('analyticsSwitch')}
      hint={t('analyticsHint')}
      hintId={`${idPrefix}-analytics-hint`}
      hintVisible={true}
      checked={checked}
      disabled={disabled}
      onChange={onChange}
    />
  );
}
