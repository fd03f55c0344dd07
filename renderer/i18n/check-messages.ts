import { type CheckValue, englishValue, isRenderCheck } from '../../shared/render-checks';
import { formatList } from './format';
import { currentLanguage, i18n } from './index';

/** What the renderer reads from a zod issue: its English message and, for a check, params. */
export interface CheckIssueLike {
  message: string;
  params?: Record<string, unknown> | undefined;
}

/**
 * An issue from the shared request checks in the chosen language: a check with an id
 * (params.check) is said from the `checks` namespace with its values; any other issue keeps
 * its English message (never dropped, never blank).
 */
export function checkMessage(issue: CheckIssueLike): string {
  const check = issue.params?.check;
  if (!isRenderCheck(check)) return issue.message;
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(issue.params ?? {})) {
    if (name !== 'check' && isCheckValue(value)) values[name] = localValue(value);
  }
  // The English message is the default too: a missing word never shows a bare key.
  return i18n.t(`checks:${check}`, { ...values, defaultValue: issue.message });
}

/** English lists join like the CLI ("a, b or c"); other languages through Intl. */
function localValue(value: CheckValue): string {
  if (typeof value !== 'object' || currentLanguage() === 'en') return englishValue(value);
  return 'or' in value ? formatList(value.or, 'disjunction') : formatList(value.and);
}

function isCheckValue(value: unknown): value is CheckValue {
  if (typeof value === 'string' || typeof value === 'number') return true;
  if (typeof value !== 'object' || value === null) return false;
  const list = 'or' in value ? value.or : 'and' in value ? value.and : undefined;
  return Array.isArray(list) && list.every((item) => typeof item === 'string');
}
