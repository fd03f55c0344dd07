import type { LanguageChoice } from './settings';

/** The languages the interface (and the menus) speak; the first is the fallback. */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The first of the user's preferred languages (the OS order: navigator.languages in the page,
 * app.getPreferredSystemLanguages() in main) the app speaks. Any Simplified Chinese (zh,
 * zh-CN, zh-SG, zh-Hans-*) gets zh-CN; Traditional (zh-TW, zh-HK, zh-MO, zh-Hant-*) is not
 * Simplified, so the list goes on to the next one. Nothing known: English.
 */
export function matchLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const lower = tag.toLowerCase().replace(/_/g, '-');
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
    if (lower === 'zh' || lower.startsWith('zh-')) {
      if (/^zh-(hant|tw|hk|mo)\b/.test(lower)) continue;
      return 'zh-CN';
    }
  }
  return 'en';
}

/** The language to show for the Settings choice ('system' = the OS order). */
export function resolveLanguage(choice: LanguageChoice, preferred: readonly string[]): Language {
  return choice === 'system' ? matchLanguage(preferred) : choice;
}
