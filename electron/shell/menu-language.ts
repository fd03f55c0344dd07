import { type Language, resolveLanguage } from '../../shared/language';
import type { LanguageChoice } from '../../shared/settings';
import type { IpcDispatch } from '../app/ipc-handlers';

/**
 * The menus' language: the Settings choice, or for 'system' the first of the OS's preferred
 * languages the app speaks. Main passes app.getPreferredSystemLanguages() (the user's language
 * list, most preferred first), not app.getLocale() (Chromium's locale, which falls back to
 * en-US for languages Electron ships no pak for) or app.getSystemLocale() (the region's
 * formats, not the language).
 */
export function menuLanguage(choice: LanguageChoice, systemLanguages: readonly string[]): Language {
  return resolveLanguage(choice, systemLanguages);
}

/**
 * The dispatch, with `saved` called after each settings:set that succeeded: the language may
 * have changed, and the menu follows it at once.
 */
export function afterSettingsSaved(dispatch: IpcDispatch, saved: () => void): IpcDispatch {
  return async (channel, payload) => {
    const result = await dispatch(channel, payload);
    if (channel === 'settings:set' && result.ok) saved();
    return result;
  };
}
