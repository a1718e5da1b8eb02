/**
 * The stats question, asked once (the popup shows it until it is answered): two equal buttons,
 * neither chosen beforehand. Render only.
 */
import { t } from '../../utils/platform/i18n';

export interface ConsentPromptProps {
  busy: boolean;
  onAnswer: (yes: boolean) => void;
}

export function ConsentPrompt({ busy, onAnswer }: ConsentPromptProps) {
  return (
    <section class="pc-consent" aria-labelledby="pc-consent-question" aria-describedby="pc-consent-what">
      <h2 id="pc-consent-question">{t('statsQuestion')}</h2>
      <p id="pc-consent-what" class="pc-small">
        {t('analyticsHint')}
      </p>
      <div class="pc-consent-actions">
        <button type="button" class="pc-button pc-secondary" disabled={busy} onClick={() => onAnswer(true)}>
          {t('statsYes')}
        </button>
        <button type="button" class="pc-button pc-secondary" disabled={busy} onClick={() => onAnswer(false)}>
          {t('statsNo')}
        </button>
      </div>
    </section>
  );
}
