import { isAbsolute } from 'node:path';
import { type BudgetReason, type BudgetSubject, reasonMessages } from '../../shared/budget-checks';
import {
  type CatalogBudget,
  type CatalogEstimate,
  type CatalogPicture,
  type CatalogQueued,
  type CatalogRequest,
  catalogPrompt,
  catalogTemplateProblem,
  pictureName,
} from '../../shared/catalog-set';
import {
  type BudgetCap,
  type CreditEstimate,
  checkBudget,
  checkManyBudget,
} from '../../shared/credits';
import { KlingError, toAppError } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { saidIssues, valueIssue } from '../../shared/render-checks';
import { describeIssues, RenderRequest } from '../../shared/render-request';
import type { CreateRenderOptions } from '../library/library';
import { mapLimit } from '../library/serialize';
import { newSetId } from './queue-set';

/** Pictures read and hashed at once: the disk, not the CPU, is the limit; keep the app responsive. */
const CHECKS_AT_ONCE = 4;

export interface CatalogDeps {
  /** The local checks (invalid-input naming the problem), then the content's sha256. */
  checkImage(path: string): Promise<{ sha256: string }>;
  /** WeShop's estimate for one render (uploads its picture once, as any estimate does). */
  estimate(request: RenderRequest): Promise<CreditEstimate>;
  queue(request: RenderRequest, options: CreateRenderOptions): Promise<RenderManifest>;
  /** Settings → Budget and today's spending (null: unreadable, the daily cap goes unchecked). */
  budget(): Promise<{ caps: BudgetCap[]; spentToday: number | null }>;
  newSetId?: () => string;
}

/** A picture that passed every check, with the render it becomes. */
interface Accepted {
  picture: CatalogPicture;
  request: RenderRequest;
}

export interface CheckedCatalog {
  pictures: CatalogPicture[];
  accepted: Accepted[];
  /** Distinct contents among the accepted pictures (what is uploaded). */
  uploads: number;
}

/** Refused for the caps (the CLI exits 5 for this one); nothing was queued. */
export class CatalogOverBudget extends KlingError {
  constructor(reasons: readonly string[]) {
    super('invalid-input', `refused, nothing was queued: ${reasons.join(' ')}`);
  }
}

const invalid = (message: string) => new KlingError('invalid-input', message);

/**
 * What is wrong with the set as a whole (the template, or settings no picture could fix, such
 * as 7s on Kling 2.1 or Motion Control without its video): refused before any picture is read.
 */
function assertSharedSettings(request: CatalogRequest): void {
  const template = catalogTemplateProblem(request.promptTemplate);
  if (template) throw invalid(template);
  const { pictures: _p, promptTemplate, confirmOverBudget: _c, ...settings } = request;
  const sample = catalogPrompt(promptTemplate, '/sample.png');
  const parsed = RenderRequest.safeParse({
    ...settings,
    image: '/sample.png',
    prompt: sample.ok ? sample.prompt : '',
  });
  if (!parsed.success) throw invalid(`Every picture's render: ${describeIssues(parsed.error)}`);
}

/** One picture: its prompt, its local checks and its render, or the reason it is skipped. */
async function checkPicture(
  deps: CatalogDeps,
  request: CatalogRequest,
  path: string,
): Promise<{ picture: CatalogPicture; sha256?: string; render?: RenderRequest }> {
  const base = { path, name: pictureName(path) };
  if (!isAbsolute(path) || path.split(/[\\/]/).includes('..')) {
    const issue = valueIssue('catalogPathNotSafe');
    return { picture: { ...base, problem: issue.message, problemSaid: [issue] } };
  }
  const prompt = catalogPrompt(request.promptTemplate, path);
  if (!prompt.ok) return { picture: { ...base, problem: prompt.message } };
  let sha256: string;
  try {
    ({ sha256 } = await deps.checkImage(path));
  } catch (error) {
    const { message, messageRef } = toAppError(error);
    const picture = {
      ...base,
      problem: message,
      ...(messageRef ? { problemRef: messageRef } : {}),
    };
    return { picture };
  }
  const { pictures: _p, promptTemplate: _t, confirmOverBudget: _c, ...settings } = request;
  const parsed = RenderRequest.safeParse({ ...settings, image: path, prompt: prompt.prompt });
  if (!parsed.success) {
    const problemSaid = saidIssues(parsed.error.issues);
    return { picture: { ...base, problem: describeIssues(parsed.error), problemSaid } };
  }
  return { picture: { ...base, prompt: prompt.prompt }, sha256, render: parsed.data };
}

/**
 * Every picture checked locally (no request is sent): a picture that fails is listed with its
 * reason and skipped, never the whole set. Repeated paths count once; the same bytes under two
 * names are both rendered, and named as the same picture (one upload serves both).
 */
export async function checkCatalog(
  deps: CatalogDeps,
  request: CatalogRequest,
): Promise<CheckedCatalog> {
  assertSharedSettings(request);
  const paths = [...new Set(request.pictures)];
  const checked = await mapLimit(paths, CHECKS_AT_ONCE, (path) =>
    checkPicture(deps, request, path),
  );
  const firstWith = new Map<string, string>();
  const accepted: Accepted[] = [];
  const pictures = checked.map(({ picture, sha256, render }) => {
    if (sha256 === undefined || render === undefined) return picture;
    const earlier = firstWith.get(sha256);
    const shown = earlier === undefined ? picture : { ...picture, sameAs: earlier };
    if (earlier === undefined) firstWith.set(sha256, picture.path);
    accepted.push({ picture: shown, request: render });
    return shown;
  });
  return { pictures, accepted, uploads: firstWith.size };
}

/**
 * The set's cost: every render shares its model, duration, audio and batch (only the picture
 * and the prompt's name differ), and WeShop prices a run by those, so one estimate (the first
 * picture's: one upload, which its render reuses) prices them all. Then the caps: Settings →
 * Budget per render and per day (with today's spending), and `maxCredits` on the total.
 */
export async function estimateCatalog(
  deps: CatalogDeps,
  checked: CheckedCatalog,
  maxCredits?: number,
): Promise<CatalogEstimate> {
  const count = checked.accepted.length;
  const first = checked.accepted[0];
  const figure = first === undefined ? null : await deps.estimate(first.request);
  const perRender = figure?.credits ?? null;
  const total = perRender === null ? null : Math.round(perRender * count * 1e6) / 1e6;
  const budget = await budgetOf(deps, count, perRender, total, maxCredits);
  return {
    pictures: checked.pictures,
    count,
    uploads: checked.uploads,
    perRender,
    total,
    ...(figure?.unavailable !== undefined ? { unavailable: figure.unavailable } : {}),
    budget,
  };
}

async function budgetOf(
  deps: CatalogDeps,
  count: number,
  perRender: number | null,
  total: number | null,
  maxCredits: number | undefined,
): Promise<CatalogBudget> {
  const { caps, spentToday } = await deps.budget();
  const wholeSubject: BudgetSubject = { id: 'set', n: count };
  const over: BudgetReason[] = [];
  const unchecked: BudgetReason[] = [];
  if (maxCredits !== undefined) {
    const cap: BudgetCap = { scope: 'render', limit: maxCredits, name: 'maxCredits' };
    const verdict = checkBudget({
      credits: total,
      spentToday: 0,
      caps: [cap],
      subject: wholeSubject,
    });
    if (verdict.kind === 'over') over.push(...verdict.reasons);
    if (verdict.kind === 'unknown') unchecked.push(verdict.reason);
  }
  if (caps.length > 0 && count > 0) {
    // Every render costs the same: one per-render verdict speaks for all of them.
    const settings = checkManyBudget({
      credits: [perRender],
      spentToday,
      caps: caps.filter((cap) => cap.scope === 'render'),
      subjectOf: () => ({ id: 'eachOfSet' }),
      wholeSubject,
    });
    const daily = checkManyBudget({
      credits: [total],
      spentToday,
      caps: caps.filter((cap) => cap.scope === 'day'),
      subjectOf: () => wholeSubject,
      wholeSubject,
    });
    over.push(...settings.over, ...daily.over);
    unchecked.push(...settings.unchecked, ...daily.unchecked);
  }
  return { over, unchecked };
}

/**
 * Why the set may not be queued for its cost, or null: --max-credits is never overridden; the
 * Settings caps are when the person said so (the app asks first). A cap that cannot be checked
 * (no estimate) refuses too: nothing is decided silently.
 */
export function budgetRefusal(
  estimate: CatalogEstimate,
  options: { maxCredits?: number; confirmOverBudget?: boolean },
): CatalogOverBudget | null {
  const { over, unchecked } = estimate.budget;
  if (over.length === 0 && unchecked.length === 0) return null;
  if (options.maxCredits === undefined && options.confirmOverBudget === true) return null;
  return new CatalogOverBudget(
    over.length > 0
      ? reasonMessages([...over, ...unchecked])
      : ['No cost estimate for the set.', ...reasonMessages(unchecked)],
  );
}

/**
 * One render per accepted picture under one set id, in picture order. The pictures are
 * uploaded by each render's own upload step, through the core's content-addressed upload (one
 * upload per distinct content, shared by renders that start together), so renders start as
 * soon as their picture is on WeShop instead of after all 500 are.
 */
export async function queueChecked(
  deps: Pick<CatalogDeps, 'queue' | 'newSetId'>,
  checked: CheckedCatalog,
): Promise<{ setId: string; renders: RenderManifest[] }> {
  if (checked.accepted.length === 0) throw noneUsable(checked.pictures);
  const setId = (deps.newSetId ?? newSetId)();
  const renders: RenderManifest[] = [];
  for (const { request } of checked.accepted) renders.push(await deps.queue(request, { setId }));
  return { setId, renders };
}

/**
 * Queues a catalog set: every picture checked (bad ones skipped and listed), the total priced
 * and held to the caps before anything is queued, then queued as one set (so the set view,
 * pause, resume and cancel act on it whole).
 */
export async function queueCatalog(
  deps: CatalogDeps,
  request: CatalogRequest,
  options: { maxCredits?: number; onEstimate?: (estimate: CatalogEstimate) => void } = {},
): Promise<CatalogQueued> {
  const checked = await checkCatalog(deps, request);
  if (checked.accepted.length === 0) throw noneUsable(checked.pictures);
  const estimate = await estimateCatalog(deps, checked, options.maxCredits);
  options.onEstimate?.(estimate);
  const refusal = budgetRefusal(estimate, {
    ...(options.maxCredits !== undefined ? { maxCredits: options.maxCredits } : {}),
    ...(request.confirmOverBudget !== undefined
      ? { confirmOverBudget: request.confirmOverBudget }
      : {}),
  });
  if (refusal) throw refusal;
  const { setId, renders } = await queueChecked(deps, checked);
  return {
    setId,
    ids: renders.map((render) => render.id),
    skipped: skippedOf(checked),
    total: estimate.total,
  };
}

export const skippedOf = (checked: CheckedCatalog) =>
  checked.pictures.filter((picture) => picture.problem !== undefined);

export function noneUsable(pictures: readonly CatalogPicture[]): KlingError {
  const reasons = pictures.slice(0, 5).map((p) => `${p.name}: ${p.problem ?? 'skipped'}`);
  const more = pictures.length > 5 ? ` (and ${pictures.length - 5} more)` : '';
  return invalid(
    `None of the ${pictures.length} pictures can be used, so nothing was queued: ${reasons.join('; ')}${more}`,
  );
}
