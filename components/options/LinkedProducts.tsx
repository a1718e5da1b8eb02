/** The options page's switch for looking linked products up automatically, and its rate. Render only. */
import { SETTINGS_RANGES } from '../../utils/platform/settings-reader';
import { t } from '../../utils/platform/i18n';
import { Switch } from '../shared/Switch';

export interface LinkedProductsProps {
  auto: boolean;
  perMinute: number;
  disabled: boolean;
  onAuto: (on: boolean) => void;
  /** Called with a whole number within the setting's range only. */
  onRate: (perMinute: number) => void;
}

const [MIN_RATE, MAX_RATE] = SETTINGS_RANGES.linkedPerMinute;

export function LinkedProducts({ auto, perMinute, disabled, onAuto, onRate }: LinkedProductsProps) {
  return (
    <div class="pc-linked">
      <Switch
        className="pc-analytics-toggle"
        label={t('optionsLinkedAuto')}
        hint={t('optionsLinkedAutoHint')}
        hintId="options-linked-hint"
        hintVisible={true}
        checked={auto}
        disabled={disabled}
        onChange={onAuto}
      />
      <div class="pc-field">
        <label for="options-linked-rate">{t('optionsLinkedRate')}</label>
        <input
          id="options-linked-rate"
          type="number"
          inputMode="numeric"
          min={MIN_RATE}
          max={MAX_RATE}
          step={1}
          value={perMinute}
          disabled={disabled || !auto}
          onChange={(event) => {
            const value = Math.round(Number((event.currentTarget as HTMLInputElement).value));
            // Out of range or not a number: the field shows the saved rate again.
            if (Number.isFinite(value) && value >= MIN_RATE && value <= MAX_RATE) onRate(value);
            else (event.currentTarget as HTMLInputElement).value = String(perMinute);
          }}
        />
      </div>
    </div>
  );
}
