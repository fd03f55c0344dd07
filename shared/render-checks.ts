/**
 * The render request's own checks (shared/render-request.ts, shared/models.ts), each with a
 * stable id and its English words as a template. The issue a check raises carries the id and
 * its values in `params`, so the app can say it in the user's language (renderer/i18n/
 * check-messages.ts) while the CLI and the core keep the English `message` built here.
 */

/*
 * A check naming a model may carry its id as `modelId` beside the English `model` words: the
 * app names it in the chosen language; the English message never uses it.
 */

/** A list named inside a message: joined with "or" / "and" in the reader's language. */
export type CheckList = { or: readonly string[] } | { and: readonly string[] };
export type CheckValue = string | number | CheckList;
export type CheckParams = Readonly<Record<string, CheckValue>>;

export const RENDER_CHECKS = {
  promptRequired: 'Describe the motion you want (a prompt is required)',
  modelNotOfAgent: '{{model}} is not a model of {{agent}} (its models: {{models}})',
  // A run id pasted in Attach run (shared/attach.ts RunId).
  runIdRequired: 'Paste the run id you found in your WeShop history',
  runIdTooLong: 'A run id is at most {{max}} characters; check what you pasted',
  runIdCharacters: "A run id has only letters, digits, '-', '_' and '.'; check what you pasted",
  characterRequired:
    "{{model}} needs a character picture (the one the video's motion is moved onto)",
  firstFrameRequired: 'Choose an image: {{model}} needs a first-frame picture',
  tooManyReferences: '{{model}} takes at most {{max}} reference images, not {{count}}',
  tooManyPictures: '{{model}} takes one picture, not {{count}}',
  tooManyPicturesEndFrame:
    '{{model}} takes one picture, not {{count}} (the end frame is its own field: --end-frame)',
  endFrameMaster:
    'Kling 2.1 Master cannot end on a chosen frame: choose Kling 3.0, 2.6, 2.5 Turbo or 2.1 for an end frame',
  endFrameNotTaken: '{{model}} takes no end frame (models that do: {{models}})',
  videoNotTaken:
    '{{model}} takes no reference video (Kling 3.0 Omni, Kling O1 with references and Motion Control do)',
  videoRequired:
    '{{model}} needs a reference video: the https URL of the clip whose motion the character follows',
  aspectNotTaken:
    '{{model}} takes no aspect ratio (its picture sets the frame); only Kling 3.0 Omni and Kling O1 with references do',
  aspectFromVideo:
    "{{model}} follows the reference video's aspect ratio: leave the aspect ratio out when you give a video",
  aspectNotOffered: '{{model}} takes {{ratios}}, not {{ratio}}',
  durationNotOffered: '{{model}} supports {{durations}}, not {{duration}}',
  durationNotInRange: '{{model}} supports {{from}} to {{to}}, not {{duration}}',
  durationFromVideo: '{{model}} takes its length from the reference video: leave the duration out',
  audioNotTaken: '{{model}} cannot generate audio (only {{models}} can)',
  promptTooLong: 'Prompts can be at most {{max}} characters',
  imageRequired: 'Choose an image: a local file or an https URL',
  imageHttp: 'Image URLs must use https, not http',
  imageNotUrl: 'Not a valid URL: {{value}}',
  imageScheme: 'Image URLs must use https',
  imageNotAbsolute: 'Local image paths must be absolute',
  videosWhole: 'Videos: a whole number from {{min}} to {{max}}',
  videosMin: 'Videos: at least {{min}}',
  videosMax: 'Videos: at most {{max}} in one render',
  videoUrlRequired: "Reference video: paste the video's https URL",
  videoUrlTooLong: 'Reference video: that URL is longer than {{max}} characters',
  videoUrlNotUrl: 'Reference video: not a valid URL: {{value}}',
  setPromptRequired: 'Give at least one prompt',
  setModelRequired: 'Give at least one model',
  videoUrlScheme:
    'Reference video: the URL must use https (WeShop fetches it from the internet), not {{protocol}}',
  // A set of variations (shared/variations.ts).
  setRepeatsPrompt: 'The set repeats a prompt: give each prompt once',
  setRepeatsModel: 'The set repeats a model: give each model once',
  setRepeatsDuration: 'The set repeats a duration: give each duration once',
  setTooLarge: 'That set is {{count}} renders; at most {{max}} can be queued in one set',
  // A storyboard (shared/storyboard.ts).
  storyboardFewKeyframes: 'A storyboard needs at least {{min}} keyframes',
  storyboardManyKeyframes: 'A storyboard takes at most {{max}} keyframes',
  storyboardPromptRequired: 'Give a prompt',
  storyboardManyPrompts: 'A storyboard takes at most {{max}} prompts',
  storyboardPromptCount:
    'Give one prompt for every transition or one per transition: {{keyframes}} keyframes make {{transitions}} transitions, not {{prompts}}',
  storyboardNoEndFrame:
    '{{model}} cannot end on a chosen frame, so it cannot render a storyboard: choose {{models}}',
  // A preset as it is saved (shared/presets.ts).
  presetNameRequired: 'A preset needs a name',
  presetNameTooLong: 'Preset names can be at most {{max}} characters',
  presetNameCharacters:
    'Preset names use letters, digits, spaces, "_", "-" or "." (and start with a letter or digit)',
  presetTemplateRequired: 'A preset needs a prompt template',
  presetTemplateTooLong: 'Prompt templates can be at most {{max}} characters',
  presetTemplateBraces:
    'Prompt template: use {name} for a variable (letters, digits, "_" or "-"); a lone "{" or "}" is not allowed',
  // A catalog set's pictures as a whole (shared/catalog-set.ts).
  catalogPictureEmpty: 'A picture path is empty',
  catalogNoPictures: 'Give at least one picture',
  catalogTooManyPictures: 'At most {{max}} pictures can be queued in one catalog set',
  // A picture of a catalog set (electron/variations/catalog-set.ts), skipped for this reason.
  catalogPathNotSafe: 'the path must be absolute, without ".."',
  // Continuing a video (shared/continue-request.ts).
  continueModelNoPicture:
    '{{model}} does not start from a picture, so it cannot continue a video: choose a model that does ({{models}})',
  continueSourceNoPicture:
    'This render was made with {{model}}, which does not start from a picture: choose a model that does ({{models}})',
  /** The app's hint when the dialog has already picked another model for the continuation. */
  continueSourceOtherModel:
    'This render was made with {{model}}, which does not start from a picture: the continuation uses one that does.',
} as const;

export type RenderCheck = keyof typeof RENDER_CHECKS;
export const RENDER_CHECK_IDS = Object.keys(RENDER_CHECKS) as RenderCheck[];

export const isRenderCheck = (value: unknown): value is RenderCheck =>
  typeof value === 'string' && Object.hasOwn(RENDER_CHECKS, value);

const joinedList = (items: readonly string[], last: string): string =>
  items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
/** "a or b", "a, b or c". */
export const orList = (items: readonly string[]): string => joinedList(items, 'or');
/** "a and b", "a, b and c". */
export const andList = (items: readonly string[]): string => joinedList(items, 'and');

/** A value as English words: lists joined with "or"/"and". */
export function englishValue(value: CheckValue): string {
  if (typeof value !== 'object') return String(value);
  return 'or' in value ? orList(value.or) : andList(value.and);
}

/** Fills `{{name}}` in `template` with `words(params.name)` (a missing one stays visible). */
export function fillTemplate(
  template: string,
  params: CheckParams,
  words: (value: CheckValue) => string,
): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : words(value);
  });
}

/** The check's English message, as the CLI, the core and the logs show it. */
export const checkText = (check: RenderCheck, params: CheckParams = {}): string =>
  fillTemplate(RENDER_CHECKS[check], params, englishValue);

/** A zod custom issue for `check` on field `path`: English message, id and values in params. */
export function checkIssue(path: string, check: RenderCheck, params: CheckParams = {}) {
  return { ...valueIssue(check, params), path: [path] };
}

/** The same, raised by a field's own schema (the issue lands on that field). */
export function valueIssue(check: RenderCheck, params: CheckParams = {}) {
  return {
    code: 'custom' as const,
    message: checkText(check, params),
    params: { ...params, check },
  };
}

/** An issue as the app reads it: English words, and the check id and values when it has one. */
export interface SaidIssue {
  message: string;
  params?: Record<string, unknown>;
}

/**
 * The issues behind a refusal (a set's, a storyboard's, a continuation's), kept beside its
 * English `message` so the app can say each one in the user's language.
 */
export function saidIssues(
  issues: readonly { message: string; code?: string; params?: Record<string, unknown> }[],
): SaidIssue[] {
  return issues.map((issue) =>
    issue.code === 'custom' && issue.params
      ? { message: issue.message, params: issue.params }
      : { message: issue.message },
  );
}
