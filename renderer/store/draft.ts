import type { z } from 'zod';
import {
  AGENT_CATALOGUE,
  type AgentName,
  type AspectRatio,
  DEFAULT_AGENT,
  DEFAULT_MODEL,
  type Duration,
  defaultModelOf,
  MODEL_CATALOGUE,
  type ModelName,
  type ModelSpec,
  modelLabel,
} from '../../shared/models';
import {
  MAX_REFERENCE_IMAGES,
  RenderRequest,
  type RenderRequestInput,
} from '../../shared/render-request';
import { formatSeconds } from '../format';
import { i18n } from '../i18n';
import { checkMessage } from '../i18n/check-messages';

/** What the New render form holds while the user edits it (raw text where the user types). */
export interface Draft {
  agent: AgentName;
  /** Picture 1: the first frame, the character, or reference image 1 ('' when none). */
  image: string;
  /** The frame the video ends on ('' when none; first-frame models that take one). */
  endFrame: string;
  /** Reference images 2–4, in the order the prompt numbers them (never with gaps). */
  moreImages: string[];
  /** A hosted reference video URL, as typed ('' when none). */
  referenceVideo: string;
  /** '' when the model takes no aspect ratio. */
  aspectRatio: AspectRatio | '';
  prompt: string;
  model: ModelName;
  duration: Duration;
  generateAudio: boolean;
  /** Kept as typed so "", "1.5" or "abc" reach the validator and get its message. */
  batchCount: string;
}

export type DraftField = keyof Draft;
export const DRAFT_FIELDS: readonly DraftField[] = [
  'agent',
  'image',
  'endFrame',
  'moreImages',
  'referenceVideo',
  'aspectRatio',
  'prompt',
  'model',
  'duration',
  'generateAudio',
  'batchCount',
];

export const EMPTY_DRAFT: Draft = {
  agent: DEFAULT_AGENT,
  image: '',
  endFrame: '',
  moreImages: [],
  referenceVideo: '',
  aspectRatio: MODEL_CATALOGUE[DEFAULT_MODEL].aspectRatios[0] ?? '',
  prompt: '',
  model: DEFAULT_MODEL,
  duration: MODEL_CATALOGUE[DEFAULT_MODEL].defaultDuration,
  generateAudio: false,
  batchCount: '1',
};

/** The form's fields as the shared schema reads them: an empty field is left out. */
export function toRequestInput(draft: Draft): RenderRequestInput {
  const batchText = draft.batchCount.trim();
  const video = draft.referenceVideo.trim();
  const more = draft.moreImages.filter((path) => path !== '');
  return {
    agent: draft.agent,
    model: draft.model,
    prompt: draft.prompt,
    duration: draft.duration,
    generateAudio: draft.generateAudio,
    batchCount: batchText === '' ? Number.NaN : Number(batchText),
    ...(draft.image ? { image: draft.image } : {}),
    ...(draft.endFrame ? { endFrame: draft.endFrame } : {}),
    ...(more.length ? { moreImages: more } : {}),
    ...(video ? { referenceVideo: video } : {}),
    // The reference video sets the frame: its aspect ratio is not sent (the schema refuses both).
    ...(draft.aspectRatio && !video ? { aspectRatio: draft.aspectRatio } : {}),
  };
}

export type DraftValidation =
  | { ok: true; request: RenderRequest; messages: Partial<Record<DraftField, string>> }
  | { ok: false; request: null; messages: Partial<Record<DraftField, string>> };

/** Runs the shared schema; each issue's first path segment names the field it belongs to. */
export function validateDraft(draft: Draft): DraftValidation {
  const result = RenderRequest.safeParse(toRequestInput(draft));
  if (result.success) return { ok: true, request: result.data, messages: {} };
  const messages = messagesByField(result.error);
  // The schema checks pictures and video only once the prompt is there: ask again with a
  // stand-in prompt, so a missing picture is named together with a missing prompt.
  if (messages.prompt && draft.prompt.trim() === '') {
    const rest = RenderRequest.safeParse(toRequestInput({ ...draft, prompt: 'stand-in' }));
    if (!rest.success) {
      for (const [field, message] of Object.entries(messagesByField(rest.error))) {
        messages[field as DraftField] ??= message;
      }
    }
  }
  // The form takes pictures from this computer only: the schema's wording for a missing one
  // ("a local file or an https URL", written for the CLI) would name an input it does not have.
  if (draft.image.trim() === '' && messages.image === i18n.t('checks:imageRequired')) {
    messages.image = i18n.t('newRender:notes.noPicture');
  }
  return { ok: false, request: null, messages };
}

function messagesByField(error: z.ZodError): Partial<Record<DraftField, string>> {
  const messages: Partial<Record<DraftField, string>> = {};
  for (const issue of error.issues) {
    const head = issue.path[0];
    const field = DRAFT_FIELDS.find((name) => name === head);
    // Issues without a known field (none today) still block the button; they go to 'image'
    // only if nothing else is there, so they are never silently dropped.
    const key: DraftField = field ?? 'image';
    // A shared check is said in the chosen language; any other issue keeps its English.
    messages[key] ??= checkMessage({
      message: issue.message,
      params: issue.code === 'custom' ? issue.params : undefined,
    });
  }
  return messages;
}

/** A draft after an agent or model change, and what it left out or changed (said on screen). */
export interface AdaptedDraft {
  draft: Draft;
  notes: string[];
}

const seconds = (duration: string) => formatSeconds(duration);

/**
 * Model change: everything the new model still takes is kept; what it does not take is left
 * out, each with a note saying what and why, so nothing disappears unseen. Picture 1 carries
 * over between roles (a first frame becomes reference image 1 or the character).
 */
export function withModel(draft: Draft, model: ModelName): AdaptedDraft {
  const spec = MODEL_CATALOGUE[model];
  const who = modelLabel(model);
  const notes: string[] = [];
  const next: Draft = { ...draft, agent: spec.agent, model };

  if (!spec.durations.includes(draft.duration)) {
    next.duration = spec.defaultDuration;
    if (spec.sendsDuration) {
      notes.push(
        i18n.t('newRender:notes.duration', {
          now: seconds(spec.defaultDuration),
          model: who,
          before: seconds(draft.duration),
        }),
      );
    }
  }
  if (draft.generateAudio && !spec.audio) {
    next.generateAudio = false;
    notes.push(i18n.t('newRender:notes.audioOff', { model: who }));
  }
  if (draft.endFrame && !spec.endFrame) {
    next.endFrame = '';
    notes.push(i18n.t('newRender:notes.endFrame', { model: who }));
  }
  const room = Math.max(0, spec.images.max - 1);
  const more = draft.moreImages.filter(Boolean);
  if (more.length > room) {
    next.moreImages = more.slice(0, room);
    const first = room + 2;
    const pictures =
      spec.images.max === 1
        ? i18n.t('newRender:notes.onePicture')
        : i18n.t('newRender:notes.pictures', { count: spec.images.max });
    notes.push(
      first === more.length + 1
        ? i18n.t('newRender:notes.image', { first, model: who, pictures })
        : i18n.t('newRender:notes.images', { first, last: more.length + 1, model: who, pictures }),
    );
  }
  if (draft.referenceVideo.trim() && spec.referenceVideo === 'none') {
    next.referenceVideo = '';
    notes.push(i18n.t('newRender:notes.video', { model: who }));
  }
  next.aspectRatio = adaptedAspect(draft, spec, who, notes);
  return { draft: next, notes };
}

function adaptedAspect(
  draft: Draft,
  spec: ModelSpec,
  who: string,
  notes: string[],
): AspectRatio | '' {
  const offered = spec.aspectRatios;
  const before = draft.aspectRatio;
  // Only a choice the user made is kept or worth a note, not the old model's default.
  const oldDefault = MODEL_CATALOGUE[draft.model].aspectRatios[0];
  const chosen = before !== '' && before !== oldDefault;
  if (offered.length === 0) {
    if (chosen) {
      const key =
        spec.referenceVideo === 'required' ? 'aspectFromVideo' : ('aspectFromPicture' as const);
      notes.push(i18n.t(`newRender:notes.${key}`, { ratio: before, model: who }));
    }
    return '';
  }
  if (chosen && offered.includes(before)) return before;
  return offered[0] ?? '';
}

/** Agent change: its default model (or the current one if it is the agent's), adapted. */
export function withAgent(draft: Draft, agent: AgentName): AdaptedDraft {
  const models: readonly ModelName[] = AGENT_CATALOGUE[agent].models;
  const model = models.includes(draft.model) ? draft.model : defaultModelOf(agent);
  return withModel(draft, model);
}

/** "Use these settings", Edit & retry: a past request back into the form, every input kept. */
export function draftFromRequest(request: RenderRequest): Draft {
  return {
    agent: request.agent,
    image: request.image ?? '',
    endFrame: request.endFrame ?? '',
    moreImages: (request.moreImages ?? []).slice(0, MAX_REFERENCE_IMAGES - 1),
    referenceVideo: request.referenceVideo ?? '',
    // A request with a reference video has none; the model's default waits for when it goes.
    aspectRatio: request.aspectRatio ?? MODEL_CATALOGUE[request.model].aspectRatios[0] ?? '',
    prompt: request.prompt,
    model: request.model,
    duration: request.duration,
    generateAudio: request.generateAudio,
    batchCount: String(request.batchCount),
  };
}
