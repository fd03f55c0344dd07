// One rule for the page and for main's menus: shared/language.ts.
export { LANGUAGES, type Language, matchLanguage, resolveLanguage } from '../../shared/language';
