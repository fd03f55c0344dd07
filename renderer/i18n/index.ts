import i18next, { type Resource, type ResourceLanguage } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { LanguageChoice } from '../../shared/settings';
import { LANGUAGES, type Language, resolveLanguage } from './languages';
import { NAMESPACES, type Namespace } from './resources';

// Typed keys: t('components:nav.queue') and useTranslation('spent') only accept keys that exist.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'components';
    resources: { [N in Namespace]: (typeof NAMESPACES)[N]['en'] };
  }
}

function resourcesByLanguage(): Resource {
  const byLanguage: Record<Language, ResourceLanguage> = { en: {}, 'zh-CN': {} };
  for (const [name, strings] of Object.entries(NAMESPACES)) {
    for (const language of LANGUAGES) byLanguage[language][name] = strings[language];
  }
  return byLanguage;
}

/** The OS order of languages as the page sees it (none under plain Node, e.g. unit tests). */
export function preferredLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}

// Unit tests (vitest sets MODE=test) always speak English whatever the machine's language, so
// their expected words hold everywhere; a test that wants Chinese calls setLanguage('zh-CN').
const initialLanguage: Language =
  import.meta.env?.MODE === 'test' ? 'en' : resolveLanguage('system', preferredLanguages());

// Synchronous init (resources are bundled): the first render already has its words.
void i18next.use(initReactI18next).init({
  resources: resourcesByLanguage(),
  lng: initialLanguage,
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  ns: Object.keys(NAMESPACES),
  defaultNS: 'components',
  initAsync: false,
  // React escapes text itself.
  interpolation: { escapeValue: false },
  returnNull: false,
});
syncDocumentLanguage(initialLanguage);

export const i18n = i18next;

export function currentLanguage(): Language {
  return i18next.language === 'zh-CN' ? 'zh-CN' : 'en';
}

function syncDocumentLanguage(language: Language): void {
  // Screen readers pick their voice from <html lang>; CSS picks fonts by it too.
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/** Shows the interface in `language` now (every useTranslation re-renders). */
export async function setLanguage(language: Language): Promise<void> {
  if (i18next.language !== language) await i18next.changeLanguage(language);
  syncDocumentLanguage(language);
}

/** Applies the Settings choice: 'system' follows the OS order of languages. */
export function applyLanguageChoice(choice: LanguageChoice): Promise<void> {
  return setLanguage(resolveLanguage(choice, preferredLanguages()));
}

/**
 * test/screens.ts drives each scenario by its English names, then asks for the screenshot's
 * language through the demo options it put on the page (never present in the app itself).
 */
interface DemoPage {
  __klingDemo?: { setLanguage?: (language: Language) => Promise<void> };
}
const demo = typeof window === 'undefined' ? undefined : (window as DemoPage).__klingDemo;
if (demo) demo.setLanguage = setLanguage;

export type { Language } from './languages';
