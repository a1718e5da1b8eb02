/** The options page's language picker (and, for Persian, the calendar). Render only. */
import { t } from '../../utils/platform/i18n';
import { CALENDARS, LANGUAGE_NAMES, LANGUAGES, type Calendar, type Language, type LanguageChoice } from '../../utils/platform/i18n/languages';

export interface LanguagePickerProps {
  language: LanguageChoice;
  calendar: Calendar;
  /** What "browser language" means here (the browser's UI language as Postcart resolves it). */
  browserLanguage: Language;
  disabled: boolean;
  onChange: (choice: { language: LanguageChoice; calendar: Calendar }) => void;
}

const CALENDAR_KEYS: Record<Calendar, string> = { gregory: 'calendarGregorian', persian: 'calendarPersian' };

export function LanguagePicker({ language, calendar, browserLanguage, disabled, onChange }: LanguagePickerProps) {
  const shown = language === 'browser' ? browserLanguage : language;
  return (
    <div class="pc-language">
      <div class="pc-field">
        <label for="pc-language">{t('languageLabel')}</label>
        <select id="pc-language" value={language} disabled={disabled} onChange={(event) => onChange({ language: event.currentTarget.value as LanguageChoice, calendar })}>
          <option value="browser">{t('languageBrowser', LANGUAGE_NAMES[browserLanguage])}</option>
          {/* Each language in its own words and script, so it can be found without reading the page. */}
          {LANGUAGES.map((code) => (
            <option key={code} value={code} lang={code} dir="auto">
              {LANGUAGE_NAMES[code]}
            </option>
          ))}
        </select>
      </div>
      {shown === 'fa' && (
        <div class="pc-field">
          <label for="pc-calendar">{t('calendarLabel')}</label>
          <select id="pc-calendar" value={calendar} disabled={disabled} onChange={(event) => onChange({ language, calendar: event.currentTarget.value as Calendar })}>
            {CALENDARS.map((code) => (
              <option key={code} value={code}>
                {t(CALENDAR_KEYS[code])}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}
