import type { z } from 'zod';
import { DEFAULT_MODEL, type Duration, MODEL_CATALOGUE, type ModelName } from '../../shared/models';
import { RenderRequest, type RenderRequestInput } from '../../shared/render-request';

/** What the New render form holds while the user edits it (raw text where the user types). */
export interface Draft {
  image: string;
  prompt: string;
  model: ModelName;
  duration: Duration;
  generateAudio: boolean;
  /** Kept as typed so "", "1.5" or "abc" reach the validator and get its message. */
  batchCount: string;
}

export type DraftField = keyof Draft;
export const DRAFT_FIELDS: readonly DraftField[] = [
  'image',
  'prompt',
  'model',
  'duration',
  'generateAudio',
  'batchCount',
];

export const EMPTY_DRAFT: Draft = {
  image: '',
  prompt: '',
  model: DEFAULT_MODEL,
  duration: MODEL_CATALOGUE[DEFAULT_MODEL].defaultDuration,
  generateAudio: false,
  batchCount: '1',
};

export function toRequestInput(draft: Draft): RenderRequestInput {
  const batchText = draft.batchCount.trim();
  return {
    image: draft.image,
    prompt: draft.prompt,
    model: draft.model,
    duration: draft.duration,
    generateAudio: draft.generateAudio,
    batchCount: batchText === '' ? Number.NaN : Number(batchText),
  };
}

export type DraftValidation =
  | { ok: true; request: RenderRequest; messages: Partial<Record<DraftField, string>> }
  | { ok: false; request: null; messages: Partial<Record<DraftField, string>> };

/** Runs the shared schema; each issue's first path segment names the field it belongs to. */
export function validateDraft(draft: Draft): DraftValidation {
  const result = RenderRequest.safeParse(toRequestInput(draft));
  if (result.success) return { ok: true, request: result.data, messages: {} };
  return { ok: false, request: null, messages: messagesByField(result.error) };
}

function messagesByField(error: z.ZodError): Partial<Record<DraftField, string>> {
  const messages: Partial<Record<DraftField, string>> = {};
  for (const issue of error.issues) {
    const head = issue.path[0];
    const field = DRAFT_FIELDS.find((name) => name === head);
    // Issues without a known field (none today) still block the button; they go to 'image'
    // only if nothing else is there, so they are never silently dropped.
    const key: DraftField = field ?? 'image';
    messages[key] ??= issue.message;
  }
  return messages;
}

/** Model change: keep the duration if the new model allows it, else its default; audio off if unsupported. */
export function withModel(draft: Draft, model: ModelName): Draft {
  const spec = MODEL_CATALOGUE[model];
  return {
    ...draft,
    model,
    duration: spec.durations.includes(draft.duration) ? draft.duration : spec.defaultDuration,
    generateAudio: spec.audio ? draft.generateAudio : false,
  };
}

/** "Use these settings": a past request back into the form. */
export function draftFromRequest(request: RenderRequest): Draft {
  return {
    image: request.image ?? '',
    prompt: request.prompt,
    model: request.model,
    duration: request.duration,
    generateAudio: request.generateAudio,
    batchCount: String(request.batchCount),
  };
}
