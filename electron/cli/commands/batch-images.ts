import { resolve } from 'node:path';
import {
  type CatalogEstimate,
  type CatalogPicture,
  CatalogRequest,
} from '../../../shared/catalog-set';
import { DEFAULT_CATALOG_TEMPLATE } from '../../../shared/catalog-template';
import { formatCredits } from '../../../shared/credits';
import { KlingError } from '../../../shared/errors';
import { describeIssues } from '../../../shared/render-request';
import type { Core } from '../../app/core';
import { examineImage } from '../../engine/image-uploads';
import { listCatalogFolder } from '../../variations/catalog-folder';
import {
  budgetRefusal,
  type CheckedCatalog,
  checkCatalog,
  estimateCatalog,
  queueChecked,
  skippedOf,
} from '../../variations/catalog-set';
import { catalogDepsFromCore } from '../../variations/core-catalog';
import { parseAgent } from '../agent-input';
import { EXIT } from '../exit-codes';
import { followSet } from '../follow-set';
import type { CliIo } from '../io';
import { printError } from '../output';
import { typedSettingFields } from '../request-input';
import { closeCore, openCore, openSecrets, requireKey } from '../session';
import { parseConcurrency } from './batch';
import { maxCreditsOption } from './credits';

export interface BatchImagesOptions {
  images: string;
  prompt?: string;
  agent?: string;
  model?: string;
  duration?: string;
  audio?: boolean;
  batch?: string;
  maxCredits?: string;
  concurrency?: string;
  json?: boolean;
}

/** The options that only mean something with --images (a batch file names its own settings). */
const IMAGES_ONLY = [
  'prompt',
  'agent',
  'model',
  'duration',
  'audio',
  'batch',
  'maxCredits',
] as const;
const flagOf = (option: string) => `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** `batch FILE`: the file, and none of --images' own options (they would be ignored). */
export function requireBatchFile(file: string | undefined, options: object): string {
  if (file === undefined) {
    throw new KlingError(
      'invalid-input',
      'Give a batch file (.json or .csv) or a folder of pictures: `kling-studio batch --images DIR`',
    );
  }
  const given = IMAGES_ONLY.filter((option) => option in options).map(flagOf);
  if (given.length > 0) {
    throw new KlingError(
      'invalid-input',
      `${given.join(', ')} ${given.length === 1 ? 'goes' : 'go'} with --images; a batch file gives each row's settings itself`,
    );
  }
  return file;
}

/** `batch --images DIR`: never with a file too (which one was meant?). */
export async function batchImagesCommand(
  io: CliIo,
  file: string | undefined,
  options: BatchImagesOptions,
  rememberSecret: (secret: string) => void,
): Promise<number> {
  if (file !== undefined) {
    throw new KlingError(
      'invalid-input',
      `Give either a batch file or --images DIR, not both (got ${file} and --images ${options.images})`,
    );
  }
  return batchImages(io, options, rememberSecret);
}

/** The folder's pictures and the settings as one catalog request (refused whole when wrong). */
async function catalogRequest(io: CliIo, options: BatchImagesOptions): Promise<CatalogRequest> {
  const folder = resolve(io.cwd, options.images);
  const { pictures } = await listCatalogFolder(folder);
  if (pictures.length === 0) {
    throw new KlingError(
      'invalid-input',
      `No pictures in ${folder}: batch --images renders its .png, .jpg, .jpeg and .webp files`,
    );
  }
  const agent = parseAgent(options.agent);
  const parsed = CatalogRequest.safeParse({
    pictures,
    promptTemplate: options.prompt ?? DEFAULT_CATALOG_TEMPLATE,
    ...(agent !== undefined ? { agent } : {}),
    ...typedSettingFields(options),
  });
  if (!parsed.success) throw new KlingError('invalid-input', describeIssues(parsed.error));
  return parsed.data;
}

/** "skipped /x/a.png: why" (a check's message that names the path already says it once). */
function describePicture(picture: CatalogPicture): string {
  const problem = picture.problem ?? 'not usable';
  const why = problem.startsWith(`${picture.path}: `)
    ? problem.slice(picture.path.length + 2)
    : problem;
  return `skipped ${picture.path}: ${why}`;
}

function describeEstimate(estimate: CatalogEstimate): string {
  const renders = `${estimate.count} render${estimate.count === 1 ? '' : 's'}`;
  const uploads = `${estimate.uploads} distinct picture${estimate.uploads === 1 ? '' : 's'} to upload`;
  if (estimate.total === null || estimate.perRender === null) {
    return `Catalog set of ${renders} (${uploads}): cost estimate unavailable${estimate.unavailable ? ` (${estimate.unavailable})` : ''}`;
  }
  return `Catalog set of ${renders} (${uploads}): estimated ${formatCredits(estimate.total)} in total (${formatCredits(estimate.perRender)} each)`;
}

/**
 * `batch --images DIR`: one render per picture of the folder (sorted by name) with one prompt
 * template ({name} = the file's name), queued as one set. Every picture is checked before the
 * key is read; a bad one is listed on stderr (and in --json's `skipped`) and skipped. The total
 * is priced and held to --max-credits and the Settings caps before anything is queued.
 */
export async function batchImages(
  io: CliIo,
  options: BatchImagesOptions,
  rememberSecret: (secret: string) => void,
): Promise<number> {
  const maxCredits = maxCreditsOption(options);
  const concurrency = parseConcurrency(options.concurrency);
  const request = await catalogRequest(io, options);
  // The local checks alone (no core, no key): a folder of only broken pictures sends nothing.
  const checked = await checkCatalog(
    {
      checkImage: examineImage,
      estimate: () => Promise.reject(new Error('not yet')),
      queue: () => Promise.reject(new Error('not yet')),
      budget: () => Promise.reject(new Error('not yet')),
    },
    request,
  );
  const skipped = skippedOf(checked);
  for (const picture of skipped) io.stderr.write(`${describePicture(picture)}\n`);
  if (checked.accepted.length === 0) {
    printError(io, `none of the ${checked.pictures.length} pictures can be used; nothing was sent`);
    return EXIT.invalidInput;
  }
  const secrets = openSecrets(io);
  rememberSecret(await requireKey(secrets));
  const core = await openCore(io, secrets);
  try {
    if (concurrency !== undefined) core.engine.setConcurrency(concurrency);
    return await priceAndQueue(io, core, checked, maxCredits, options);
  } finally {
    await closeCore(core);
  }
}

async function priceAndQueue(
  io: CliIo,
  core: Core,
  checked: CheckedCatalog,
  maxCredits: number | undefined,
  options: BatchImagesOptions,
): Promise<number> {
  const deps = catalogDepsFromCore(core);
  const estimate = await estimateCatalog(deps, checked, maxCredits);
  io.stderr.write(`${describeEstimate(estimate)}\n`);
  const refusal = budgetRefusal(estimate, maxCredits === undefined ? {} : { maxCredits });
  if (refusal) {
    printError(io, refusal.message);
    return EXIT.overBudget;
  }
  const { setId, renders } = await queueChecked(deps, checked);
  io.stderr.write(`Queued set ${setId}\n`);
  return followSet(core, io, setId, renders, options, { skipped: skippedOf(checked) });
}
