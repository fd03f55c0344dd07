import {
  coreSaid,
  type MessageParams,
  type MessageRef,
  type Said,
  saidParam,
} from './core-messages';
import { KlingError } from './errors';
import { englishValue, isRenderCheck } from './render-checks';

interface IssueLike {
  message: string;
  code?: string;
  path: readonly PropertyKey[];
  params?: Record<string, unknown>;
}

/**
 * A refused request's issues as one said message (the English is describeIssues' own:
 * "field: words; …"), so the app says each check in the chosen language: a check's ref has the
 * check's id (shared/render-checks.ts), which the renderer says from the `checks` namespace.
 * Undefined when any issue is not one of our checks (zod's own words): the English stays.
 */
export function issuesSaid(issues: readonly IssueLike[]): Said | undefined {
  const saids: Said[] = [];
  for (const issue of issues) {
    const said = checkSaid(issue);
    if (!said) return undefined;
    saids.push(
      issue.path.length
        ? coreSaid('fieldIssue', { field: issue.path.join('.'), issue: saidParam(said) })
        : said,
    );
  }
  if (saids.length === 0) return undefined;
  return saids.reduce((first, next) =>
    coreSaid('nextInList', { first: saidParam(first), next: saidParam(next) }),
  );
}

function checkSaid(issue: IssueLike): Said | undefined {
  const check = issue.params?.check;
  if (issue.code !== 'custom' || !isRenderCheck(check)) return undefined;
  const params: MessageParams = {};
  for (const [name, value] of Object.entries(issue.params ?? {})) {
    if (name === 'check') continue;
    if (typeof value === 'string' || typeof value === 'number') params[name] = value;
    // A list ("a, b or c") travels as its English words.
    else if (typeof value === 'object' && value !== null && ('or' in value || 'and' in value))
      params[name] = englishValue(value as Parameters<typeof englishValue>[0]);
    else return undefined;
  }
  return { text: issue.message, ref: { id: check, params } };
}

/**
 * A refusal of the shared checks (checkVariations, checkStoryboard, continueRequest) as one
 * message ref, when its English is its issues' words joined by "; " (else undefined: English).
 */
export function refusalRef(refusal: {
  message: string;
  said?: readonly { message: string; params?: Record<string, unknown> }[] | undefined;
}): MessageRef | undefined {
  const issues = (refusal.said ?? []).map((said) => ({ ...said, code: 'custom', path: [] }));
  const said = issuesSaid(issues);
  return said?.text === refusal.message ? said.ref : undefined;
}
/** That refusal as the invalid-input error main returns: its English, and its ref when it has one. */
export function refusalError(refusal: Parameters<typeof refusalRef>[0]): KlingError {
  const messageRef = refusalRef(refusal);
  return new KlingError('invalid-input', refusal.message, messageRef ? { messageRef } : {});
}
