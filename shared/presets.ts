import { z } from 'zod';
import { addModelSettingIssues, DEFAULT_MODEL, Duration, ModelName } from './models';
import { BatchCount, PROMPT_MAX_LENGTH } from './render-request';

/** `{subject}`: a template variable is a name of letters, digits, `_` or `-`, in braces. */
const VARIABLE = /\{([A-Za-z][A-Za-z0-9_-]{0,39})\}/g;

export const PresetName = z
  .string({ error: 'A preset needs a name' })
  .trim()
  // abort: a blank name is only "needs a name", not also "wrong characters".
  .min(1, { error: 'A preset needs a name', abort: true })
  .max(60, 'Preset names can be at most 60 characters')
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u,
    'Preset names use letters, digits, spaces, "_", "-" or "." (and start with a letter or digit)',
  );

/**
 * A saved starting point for New render: every setting but the image, and a prompt template
 * whose `{variables}` are filled in each time it is used. Strict, like RenderRequest: a typo
 * in a preset file is an error, never a silent default that costs credits.
 */
const PresetFields = z.strictObject({
  name: PresetName,
  model: ModelName.default(DEFAULT_MODEL),
  duration: Duration.default('5s'),
  generateAudio: z.boolean().default(false),
  batchCount: BatchCount,
  promptTemplate: z
    .string({ error: 'A preset needs a prompt template' })
    .trim()
    .min(1, 'A preset needs a prompt template')
    .max(PROMPT_MAX_LENGTH, `Prompt templates can be at most ${PROMPT_MAX_LENGTH} characters`),
});

function checkAgainstCatalogue(preset: z.infer<typeof PresetFields>, ctx: z.RefinementCtx): void {
  addModelSettingIssues(preset, ctx);
  const broken = unbalancedBraces(preset.promptTemplate);
  if (broken) ctx.addIssue({ code: 'custom', path: ['promptTemplate'], message: broken });
}

/** What a user saves (the store stamps updatedAt). */
export const PresetDraft = PresetFields.superRefine(checkAgainstCatalogue);
export type PresetDraft = z.input<typeof PresetDraft>;
export const Preset = PresetFields.extend({ updatedAt: z.iso.datetime() }).superRefine(
  checkAgainstCatalogue,
);
export type Preset = z.infer<typeof Preset>;

/** presets.json in the library home. */
export const PresetFile = z.object({ version: z.literal(1), presets: z.array(Preset) });
export type PresetFile = z.infer<typeof PresetFile>;

/** prompt-history.json in the library home: newest first, unique, kept after renders go. */
export const PromptHistoryFile = z.object({
  version: z.literal(1),
  prompts: z.array(z.object({ text: z.string().min(1), usedAt: z.iso.datetime() })),
});
export type PromptHistoryFile = z.infer<typeof PromptHistoryFile>;
export const PROMPT_HISTORY_MAX = 200;

/** A `{` or `}` that is not part of a `{name}`: a typo the user should see, not a literal. */
function unbalancedBraces(template: string): string | null {
  const stray = template.replace(VARIABLE, '').match(/[{}]/);
  return stray
    ? 'Prompt template: use {name} for a variable (letters, digits, "_" or "-"); a lone "{" or "}" is not allowed'
    : null;
}

/** The variable names of a template, in order of first use, each once. */
export function templateVariables(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(VARIABLE)) {
    const name = match[1] as string;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

export type TemplateExpansion = { ok: true; prompt: string } | { ok: false; message: string };

/**
 * Fills every `{name}` with its value. Every variable must have a non-blank value: a prompt
 * sent with "{subject}" in it would spend credits on a render nobody wanted.
 */
export function expandTemplate(
  template: string,
  values: Readonly<Record<string, string>>,
): TemplateExpansion {
  const broken = unbalancedBraces(template);
  if (broken) return { ok: false, message: broken };
  const missing = templateVariables(template).filter(
    (name) => !Object.hasOwn(values, name) || (values[name] ?? '').trim() === '',
  );
  if (missing.length > 0) {
    const list = missing.map((name) => `{${name}}`).join(', ');
    return {
      ok: false,
      message: `Fill in ${missing.length === 1 ? 'the variable' : 'the variables'} ${list} of the prompt template`,
    };
  }
  const prompt = template.replace(VARIABLE, (_, name: string) => (values[name] ?? '').trim());
  if (prompt.length > PROMPT_MAX_LENGTH) {
    return {
      ok: false,
      message: `The filled-in prompt is ${prompt.length} characters; prompts can be at most ${PROMPT_MAX_LENGTH}`,
    };
  }
  return { ok: true, prompt };
}

/** Case-insensitive substring search over the history, newest first. */
export function searchPrompts(
  history: readonly string[],
  text: string | undefined,
  limit: number,
): string[] {
  const needle = (text ?? '').trim().toLowerCase();
  const hits = needle ? history.filter((p) => p.toLowerCase().includes(needle)) : history;
  return hits.slice(0, limit);
}
