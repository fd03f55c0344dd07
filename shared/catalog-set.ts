import { z } from 'zod';
import { BudgetReason } from './budget-checks';
import { DEFAULT_CATALOG_TEMPLATE } from './catalog-template';
import { MessageRef } from './core-messages';
import { expandTemplate, templateVariables } from './presets';
import { valueIssue } from './render-checks';
import { RenderRequestFields } from './render-request';
import { SetId } from './variations';

/**
 * A catalog set: one prompt template over many pictures (a shop's product shots), one render
 * per picture, queued as one set. The app (a dropped folder or several pictures) and the CLI
 * (`batch --images DIR`) ask for it in this shape; the core checks every picture, skips the
 * ones that fail (each listed with its reason), prices the rest and queues them under one set id.
 */

/** More than this in one go is surely the wrong folder (and a long wait for the estimate). */
export const CATALOG_MAX_PICTURES = 500;

/** The file types a folder is read for (by name; the content is checked by the core). */
export const CATALOG_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp'] as const;

/** The one variable a catalog template may use. */
export const CATALOG_VARIABLE = 'name';

const Path = z
  .string()
  .trim()
  .max(4096)
  .superRefine((path, ctx) => {
    if (path.length === 0) ctx.addIssue(valueIssue('catalogPictureEmpty'));
  });

/** What every render of the set shares: as in a render request (the picture and prompt aside). */
export const CatalogSettings = RenderRequestFields.pick({
  agent: true,
  model: true,
  duration: true,
  generateAudio: true,
  aspectRatio: true,
  batchCount: true,
});

export const CatalogRequest = z.strictObject({
  pictures: z
    .array(Path)
    // Each with its check id, so the app says it in the chosen language (the CLI: English).
    .superRefine((pictures, ctx) => {
      if (pictures.length === 0) ctx.addIssue(valueIssue('catalogNoPictures'));
      else if (pictures.length > CATALOG_MAX_PICTURES)
        ctx.addIssue(valueIssue('catalogTooManyPictures', { max: CATALOG_MAX_PICTURES }));
    }),
  /** The prompt of every render; `{name}` becomes the picture's file name without extension. */
  promptTemplate: z.string().max(2500).default(DEFAULT_CATALOG_TEMPLATE),
  ...CatalogSettings.shape,
  /** Queue even when a Settings cap is exceeded (the app asked the person first). */
  confirmOverBudget: z.boolean().optional(),
});
export type CatalogRequest = z.infer<typeof CatalogRequest>;
export type CatalogRequestInput = z.input<typeof CatalogRequest>;

/** A picture of the set as the core found it: its prompt, or why it is skipped. */
export const CatalogPicture = z.object({
  path: z.string(),
  name: z.string(),
  /** The filled-in prompt (absent when the picture is skipped). */
  prompt: z.string().optional(),
  /** Why the picture is skipped (its check failed); the rest of the set goes on. */
  problem: z.string().optional(),
  /** The problem as a core message (the picture's own checks): the app says it by its id. */
  problemRef: MessageRef.optional(),
  /** The problem as the request checks' issues (ids and values), for the app likewise. */
  problemSaid: z
    .array(z.object({ message: z.string(), params: z.record(z.string(), z.unknown()).optional() }))
    .optional(),
  /** The same bytes as this earlier picture: rendered, but uploaded once for both. */
  sameAs: z.string().optional(),
});
export type CatalogPicture = z.infer<typeof CatalogPicture>;

/** The caps as they apply to the set (Settings → Budget): reasons it is over, or unchecked. */
export const CatalogBudget = z.object({
  over: z.array(BudgetReason),
  unchecked: z.array(BudgetReason),
});
export type CatalogBudget = z.infer<typeof CatalogBudget>;

export const CatalogEstimate = z.object({
  pictures: z.array(CatalogPicture),
  /** Renders that would be queued (pictures without a problem). */
  count: z.number().int().nonnegative(),
  /** Distinct picture contents: what is uploaded. */
  uploads: z.number().int().nonnegative(),
  /** One render's estimate (every render shares its settings); null: WeShop gave none. */
  perRender: z.number().nullable(),
  total: z.number().nullable(),
  /** Why there is no figure, when there is none. */
  unavailable: z.string().optional(),
  budget: CatalogBudget,
});
export type CatalogEstimate = z.infer<typeof CatalogEstimate>;

export const CatalogQueued = z.object({
  setId: SetId,
  /** The queued renders' ids, in picture order (a page of views is render:list's job). */
  ids: z.array(z.string()),
  /** The pictures skipped, each with its reason. */
  skipped: z.array(CatalogPicture),
  total: z.number().nullable(),
});
export type CatalogQueued = z.infer<typeof CatalogQueued>;

/** A folder's pictures, for a dropped folder (images:list-folder). */
export const FolderRequest = z.strictObject({ path: Path });
export const FolderPictures = z.object({
  folder: z.string(),
  /** Absolute paths of its .png/.jpg/.jpeg/.webp files, sorted by name. */
  pictures: z.array(z.string()),
  /** How many other files it holds (not pictures by their name). */
  ignored: z.number().int().nonnegative(),
});
export type FolderPictures = z.infer<typeof FolderPictures>;

/** "red-shoe" for /x/red-shoe.jpg: the file's name without its extension. */
export function pictureName(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? path;
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}

/** Whether a file name is one a folder is read for. */
export const isCatalogPicture = (file: string) =>
  CATALOG_EXTENSIONS.some((ext) => file.toLowerCase().endsWith(ext));

/** Names sorted as people read them: "shoe-2" before "shoe-10". */
export const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare;

/**
 * The template's problem, if any: only `{name}` may be used (any other variable would have no
 * value for any picture, so the whole set is refused, not every picture skipped).
 */
export function catalogTemplateProblem(template: string): string | null {
  const other = templateVariables(template).filter((v) => v !== CATALOG_VARIABLE);
  if (other.length > 0) {
    const list = other.map((v) => `{${v}}`).join(', ');
    return `Prompt template: only {name} (the picture's file name) can be filled in, not ${list}`;
  }
  const sample = expandTemplate(template, { [CATALOG_VARIABLE]: 'x' });
  return sample.ok ? null : sample.message;
}

/** The prompt for one picture, or why that picture cannot have one (e.g. too long). */
export function catalogPrompt(
  template: string,
  path: string,
): { ok: true; prompt: string } | { ok: false; message: string } {
  return expandTemplate(template, { [CATALOG_VARIABLE]: pictureName(path) });
}

/** The catalog set's IPC channels (spread into shared/ipc.ts IPC). */
export const CATALOG_CHANNELS = {
  /** A dropped folder's pictures (main lists it: the sandboxed renderer cannot). */
  'images:list-folder': { request: FolderRequest, response: FolderPictures },
  /** Every picture checked (bad ones listed, not refused), the total priced, the caps judged. */
  'render:estimate-catalog': { request: CatalogRequest, response: CatalogEstimate },
  /** As the estimate, then queued as one set (refused when over a cap unless confirmed). */
  'render:queue-catalog': { request: CatalogRequest, response: CatalogQueued },
} as const;
