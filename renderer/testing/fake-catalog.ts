import { reasonMessages } from '../../shared/budget-checks';
import {
  type CatalogPicture,
  CatalogRequest,
  catalogPrompt,
  catalogTemplateProblem,
  pictureName,
} from '../../shared/catalog-set';
import { coreSaid, saidParam } from '../../shared/core-messages';
import { capsFromSettings, checkManyBudget } from '../../shared/credits';
import type { IpcRequest, IpcResponse } from '../../shared/ipc';
import type { RenderView } from '../../shared/job';
import { valueIssue } from '../../shared/render-checks';
import type { Settings } from '../../shared/settings';

type Channel = 'images:list-folder' | 'render:estimate-catalog' | 'render:queue-catalog';
type Handlers = {
  [C in Channel]: (request: IpcRequest<C>) => IpcResponse<C> | Promise<IpcResponse<C>>;
};

export interface FakeCatalogHost {
  /** The fake's render:queue (a new queued render). */
  queue(request: IpcRequest<'render:queue'>): Promise<RenderView> | RenderView;
  replaceRender(view: RenderView): RenderView;
  settings(): Settings;
  /** Throws the fake's AppError-carrying failure. */
  fail(kind: 'invalid-input', message: string): never;
}

/** What one render of a fake catalog costs (as the fake's set estimate prices a render). */
export const FAKE_CATALOG_PER_RENDER = 40;

const isPlainAbsolute = (path: string) =>
  (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) && !path.split(/[\\/]/).includes('..');

/**
 * The catalog channels the way the core answers them: a folder lists three pictures, a picture
 * whose name says "broken" fails its checks and is skipped, one whose name says "copy" is the
 * same bytes as the picture before it; every render costs FAKE_CATALOG_PER_RENDER.
 */
export function fakeCatalogHandlers(host: FakeCatalogHost): Handlers {
  function check(request: CatalogRequest): CatalogPicture[] {
    const template = catalogTemplateProblem(request.promptTemplate);
    if (template) host.fail('invalid-input', template);
    return [...new Set(request.pictures)].map((path, index, all) => {
      const base = { path, name: pictureName(path) };
      // The reasons carry their ids as the core's do (electron/variations/catalog-set.ts).
      if (!isPlainAbsolute(path)) {
        const issue = valueIssue('catalogPathNotSafe');
        return { ...base, problem: issue.message, problemSaid: [issue] };
      }
      if (/broken/i.test(path)) {
        const why = saidParam(coreSaid('damageCut'));
        const damaged = coreSaid('imageDamaged', { path, why });
        return { ...base, problem: damaged.text, problemRef: damaged.ref };
      }
      const prompt = catalogPrompt(request.promptTemplate, path);
      if (!prompt.ok) return { ...base, problem: prompt.message };
      const earlier = all[index - 1];
      return /copy/i.test(path) && earlier
        ? { ...base, prompt: prompt.prompt, sameAs: earlier }
        : { ...base, prompt: prompt.prompt };
    });
  }

  function estimate(request: CatalogRequest): IpcResponse<'render:estimate-catalog'> {
    const pictures = check(request);
    const count = pictures.filter((p) => p.problem === undefined).length;
    const total = count * FAKE_CATALOG_PER_RENDER;
    const wholeSubject = { id: 'set', n: count } as const;
    const caps = capsFromSettings(host.settings());
    const perRender = checkManyBudget({
      credits: [FAKE_CATALOG_PER_RENDER],
      spentToday: 0,
      caps: caps.filter((cap) => cap.scope === 'render'),
      subjectOf: () => ({ id: 'eachOfSet' }),
      wholeSubject,
    });
    const daily = checkManyBudget({
      credits: [total],
      spentToday: 0,
      caps: caps.filter((cap) => cap.scope === 'day'),
      subjectOf: () => wholeSubject,
      wholeSubject,
    });
    return {
      pictures,
      count,
      uploads: pictures.filter((p) => p.problem === undefined && p.sameAs === undefined).length,
      perRender: FAKE_CATALOG_PER_RENDER,
      total,
      budget: { over: [...perRender.over, ...daily.over], unchecked: [] },
    };
  }

  return {
    'images:list-folder': ({ path }) => {
      if (!isPlainAbsolute(path)) {
        host.fail('invalid-input', `Folder paths must be absolute, without "..": ${path}`);
      }
      const pictures = ['product-1.png', 'product-2.jpg', 'product-3.webp'].map(
        (name) => `${path.replace(/[\\/]$/, '')}/${name}`,
      );
      return { folder: path, pictures, ignored: 0 };
    },
    // Parsed as main's dispatch does (defaults filled in) before the core sees it.
    'render:estimate-catalog': (request) => estimate(CatalogRequest.parse(request)),
    'render:queue-catalog': async (asked) => {
      const request = CatalogRequest.parse(asked);
      const priced = estimate(request);
      if (priced.count === 0) {
        host.fail(
          'invalid-input',
          `None of the ${priced.pictures.length} pictures can be used, so nothing was queued`,
        );
      }
      if (priced.budget.over.length > 0 && request.confirmOverBudget !== true) {
        host.fail(
          'invalid-input',
          `refused, nothing was queued: ${reasonMessages(priced.budget.over).join(' ')}`,
        );
      }
      const setId = `set-fake-catalog-${Date.now().toString(36)}`;
      const { pictures: _p, promptTemplate: _t, confirmOverBudget: _c, ...settings } = request;
      const ids: string[] = [];
      for (const picture of priced.pictures) {
        if (picture.problem !== undefined || picture.prompt === undefined) continue;
        const view = await host.queue({
          ...settings,
          image: picture.path,
          prompt: picture.prompt,
        });
        ids.push(host.replaceRender({ ...view, setId }).id);
      }
      const skipped = priced.pictures.filter((p) => p.problem !== undefined);
      return { setId, ids, skipped, total: priced.total };
    },
  };
}
