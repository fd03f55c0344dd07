import {
  CORE_MESSAGES,
  isCoreMessageId,
  type MessageParam,
  type MessageRef,
} from '../../shared/core-messages';
import type { AppError } from '../../shared/errors';
import { isRenderCheck } from '../../shared/render-checks';
import { checkMessage } from './check-messages';
import { i18n } from './index';

/**
 * A message the core authored, in the chosen language: said from the `core` namespace by its
 * id, its values filled in (a value that is a message of its own is said the same way). Text
 * without a ref (an older manifest, Node's own words, WeShop's failure reason) and an id this
 * version does not know keep their English: never dropped, never a bare key.
 */
export function sayMessage(text: string, ref?: MessageRef | undefined): string {
  // A request check inside a refusal (shared/issues-said.ts): said from the `checks` namespace.
  if (ref && isRenderCheck(ref.id))
    return checkMessage({ message: text, params: checkParams(ref) });
  if (!ref || !isCoreMessageId(ref.id)) return text;
  const params = ref.params ?? {};
  // A ref missing a value its template needs (another version's) would leave a hole: English.
  const needed = CORE_MESSAGES[ref.id].match(/\{\{\w+\}\}/g) ?? [];
  if (needed.some((slot) => params[slot.slice(2, -2)] === undefined)) return text;
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) values[name] = sayParam(value);
  return i18n.t(`core:${ref.id}`, { ...values, defaultValue: text });
}

function checkParams(ref: MessageRef): Record<string, unknown> {
  const params: Record<string, unknown> = { check: ref.id };
  for (const [name, value] of Object.entries(ref.params ?? {})) params[name] = sayParam(value);
  return params;
}

function sayParam(value: MessageParam): string {
  return typeof value === 'object' ? sayMessage(value.text, value.ref) : String(value);
}

/** An AppError's message (a render's error, an IPC call's failure) in the chosen language. */
export const sayError = (error: Pick<AppError, 'message' | 'messageRef'>): string =>
  sayMessage(error.message, error.messageRef);

/** A render's warning in the chosen language, or undefined when it has none. */
export function sayWarning(view: {
  warning?: string | undefined;
  warningRef?: MessageRef | undefined;
}): string | undefined {
  return view.warning === undefined ? undefined : sayMessage(view.warning, view.warningRef);
}
