/**
 * An extension page in the chosen language: its bundle fetched and active, `lang` and `dir` on
 * <html> and the title in words before the first render, and all of it again when the language
 * setting changes (the options page's picker), so the page follows without a reload.
 */
import { loadSettings, watchSettings } from '../settings-reader';
import { setActiveBundle, type Bundle } from './active';
import { loadBundle, type LanguageSettings } from './load';
import { t } from '../i18n';

function apply(doc: Document, bundle: Bundle, titleKey: string): void {
  setActiveBundle(bundle);
  doc.documentElement.lang = bundle.lang;
  doc.documentElement.dir = bundle.dir;
  doc.title = t(titleKey);
}

/**
 * Loads the page's language, then calls `render` (and again after every language change). A page
 * that cannot load its bundle still renders, in the browser's English messages.
 */
export async function startPageLanguage(doc: Document, titleKey: string, render: () => void): Promise<() => void> {
  let current: LanguageSettings = await loadSettings();
  try {
    apply(doc, await loadBundle(current), titleKey);
  } catch (error) {
    console.error('[postcart] messages could not be loaded', error);
  }
  render();
  return watchSettings((next) => {
    if (next.language === current.language && next.calendar === current.calendar) return;
    current = next;
    loadBundle(next).then(
      (bundle) => {
        apply(doc, bundle, titleKey);
        render();
      },
      (error: unknown) => console.error('[postcart] messages could not be loaded', error),
    );
  });
}
