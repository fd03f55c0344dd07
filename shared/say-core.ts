import {
  CORE_MESSAGES,
  fillMessage,
  isCoreMessageId,
  type MessageParam,
  type MessageRef,
} from './core-messages';
import { CORE_MESSAGES_ZH } from './core-messages-zh';
import type { Language } from './language';

const TABLES: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  en: CORE_MESSAGES,
  'zh-CN': CORE_MESSAGES_ZH,
};

/**
 * A core message in `language`, for main's own words outside the page (message boxes,
 * notifications), which have no i18next: the same rules as the renderer's sayMessage. Text
 * without a ref, an id this version does not know, or a ref missing a value its template needs
 * keeps its English; a value that is a message of its own is said the same way.
 */
export function sayCoreIn(language: Language, text: string, ref?: MessageRef | undefined): string {
  if (!ref || !isCoreMessageId(ref.id)) return text;
  const needed = CORE_MESSAGES[ref.id].match(/\{\{\w+\}\}/g) ?? [];
  if (needed.some((slot) => ref.params?.[slot.slice(2, -2)] === undefined)) return text;
  const say = (value: MessageParam): string =>
    typeof value === 'object' ? sayCoreIn(language, value.text, value.ref) : String(value);
  return fillMessage(TABLES[language][ref.id] ?? text, ref.params, say);
}
