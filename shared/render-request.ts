import { z } from 'zod';
import {
  AGENT_CATALOGUE,
  AgentName,
  AspectRatio,
  addModelSettingIssues,
  agentOf,
  DEFAULT_AGENT,
  Duration,
  defaultModelOf,
  type IssueSink,
  MODEL_CATALOGUE,
  ModelName,
  type ModelSpec,
  modelLabel,
} from './models';
import {
  type CheckParams,
  checkIssue,
  checkText,
  type RenderCheck,
  valueIssue,
} from './render-checks';

export const PROMPT_MAX_LENGTH = 2500;
export const BATCH_MIN = 1;
export const BATCH_MAX = 16;
const BATCH_RANGE = { min: BATCH_MIN, max: BATCH_MAX };

/** Local images Kling accepts (checked by content in the core, not by extension). */
export const IMAGE_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  minSidePx: 300,
  minAspect: 1 / 2.5,
  maxAspect: 2.5,
  /**
   * Width × height. Kling publishes no ceiling, but a header claiming 100000×100000 is a
   * damaged file or a decompression bomb (the preview alone would need 40 GB). 100 MP keeps
   * every common camera: phones shoot 48–50 MP, and a 10 MB file past 100 MP is very rare.
   */
  maxPixels: 100_000_000,
  formats: ['png', 'jpg', 'webp'] as const,
};

const isAbsoluteLocalPath = (value: string) =>
  value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\');

/** An image is an absolute local file path or an https URL; nothing else. */
export const ImageSource = z
  .string({ error: checkText('imageRequired') })
  .trim()
  .superRefine((value, ctx) => {
    const problem = imageProblem(value);
    if (problem) ctx.addIssue(problem);
  });

/** What is wrong with an image's path or URL, as a check the app can say in its language. */
function imageProblem(value: string) {
  if (value === '') return valueIssue('imageRequired');
  if (/^http:\/\//i.test(value)) return valueIssue('imageHttp');
  if (/^https:\/\//i.test(value))
    return URL.canParse(value) ? null : valueIssue('imageNotUrl', { value });
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return valueIssue('imageScheme');
  return isAbsoluteLocalPath(value) ? null : valueIssue('imageNotAbsolute');
}
export type ImageSource = z.infer<typeof ImageSource>;

export const isRemoteImage = (image: ImageSource) => /^https:\/\//i.test(image);

/** How many videos one render makes, named as on screen ("Videos") so messages point at it. */
export const BatchCount = z
  // NaN (an emptied field) is a number to fix, said like any other wrong count.
  .union([z.number(), z.nan()], { error: checkText('videosWhole', BATCH_RANGE) })
  .superRefine((count, ctx) => {
    if (!Number.isInteger(count)) ctx.addIssue(valueIssue('videosWhole', BATCH_RANGE));
    else if (count < BATCH_MIN) ctx.addIssue(valueIssue('videosMin', BATCH_RANGE));
    else if (count > BATCH_MAX) ctx.addIssue(valueIssue('videosMax', BATCH_RANGE));
  })
  .default(1);

const VIDEO_URL_MAX = 2048;

/**
 * A hosted reference video (WeShop has no video upload): https, or plain http on this machine
 * (the emulator). The core also refuses loopback http when the API base is not loopback itself.
 */
export const VideoUrl = z
  .string({ error: checkText('videoUrlRequired') })
  .trim()
  .superRefine((value, ctx) => {
    const problem = videoUrlProblem(value);
    if (problem) ctx.addIssue(problem);
  });
export type VideoUrl = z.infer<typeof VideoUrl>;

function videoUrlProblem(value: string) {
  if (value === '') return valueIssue('videoUrlRequired');
  if (value.length > VIDEO_URL_MAX) return valueIssue('videoUrlTooLong', { max: VIDEO_URL_MAX });
  if (!URL.canParse(value)) return valueIssue('videoUrlNotUrl', { value });
  const url = new URL(value);
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return null;
  return valueIssue('videoUrlScheme', { protocol: url.protocol.replace(':', '') });
}

/** This machine: localhost, [::1] or 127.x.y.z (the emulator's video host in tests). */
export const isLoopbackHost = (hostname: string) =>
  /^(localhost|\[::1\]|127(\.\d{1,3}){3})$/i.test(hostname);

/** How many pictures the prompt can refer to (image 1 … image 4). */
export const MAX_REFERENCE_IMAGES = 4;

const Prompt = z
  .string({ error: checkText('promptRequired') })
  .trim()
  .superRefine((value, ctx) => {
    if (value.length > PROMPT_MAX_LENGTH) {
      ctx.addIssue(valueIssue('promptTooLong', { max: PROMPT_MAX_LENGTH }));
    }
  });

/**
 * What a user asks for. Strict: unknown fields are an error, so a typo never silently becomes a
 * default that costs credits. The agent follows from the model (and the model from the agent:
 * its default); every other rule comes from the catalogue (shared/models.ts), checked here in
 * one place (checkAgentInputs) before anything is uploaded, estimated or started.
 */
export const RenderRequestFields = z.strictObject({
  agent: AgentName.optional(),
  /**
   * Picture 1: the first frame (kling, O1 image-to-video), the character (Motion Control) or
   * reference image 1 (Omni, O1 reference mode). Absent for a text-only render.
   */
  image: ImageSource.optional(),
  /** The frame the video ends on (kling but 2.1 Master, O1 image-to-video): sent second. */
  endFrame: ImageSource.optional(),
  /** Reference images 2–4 (Omni, O1 reference mode), in the order the prompt numbers them. */
  moreImages: z
    .array(ImageSource)
    .max(MAX_REFERENCE_IMAGES - 1, `At most ${MAX_REFERENCE_IMAGES} reference images`)
    .optional(),
  referenceVideo: VideoUrl.optional(),
  aspectRatio: AspectRatio.optional(),
  prompt: Prompt.optional(),
  model: ModelName.optional(),
  duration: Duration.optional(),
  generateAudio: z.boolean({ error: 'Audio must be on or off (true or false)' }).optional(),
  batchCount: BatchCount,
});

const PROMPT_REQUIRED = checkText('promptRequired');

/** The model a request will use, when its fields name one that exists (else undefined). */
function intendedModel(fields: { agent?: unknown; model?: unknown }): ModelName | undefined {
  const model = ModelName.safeParse(fields.model);
  if (model.success) return model.data;
  if (fields.model !== undefined) return undefined;
  const agent = AgentName.safeParse(fields.agent ?? DEFAULT_AGENT);
  return agent.success ? defaultModelOf(agent.data) : undefined;
}

export const RenderRequest = RenderRequestFields.refine(
  (fields) => {
    const model = intendedModel(fields);
    return !(model && MODEL_CATALOGUE[model].promptRequired && !fields.prompt);
  },
  // Checked even when another field is wrong, so one message names every problem.
  {
    message: PROMPT_REQUIRED,
    path: ['prompt'],
    params: { check: 'promptRequired' },
    when: () => true,
  },
).transform(resolveRequest);
/** A validated request, defaults filled in (agent, model, duration, aspect ratio). */
export type RenderRequest = z.output<typeof RenderRequest>;
/** What callers may pass before defaults are applied. */
export type RenderRequestInput = z.input<typeof RenderRequest>;

type Fields = z.output<typeof RenderRequestFields>;

interface Resolved {
  agent: AgentName;
  model: ModelName;
  prompt: string;
  duration: Duration;
  generateAudio: boolean;
  batchCount: number;
  image?: ImageSource;
  endFrame?: ImageSource;
  moreImages?: ImageSource[];
  referenceVideo?: VideoUrl;
  aspectRatio?: AspectRatio;
}

function resolveModel(fields: Fields, ctx: z.RefinementCtx): ModelName | null {
  if (!fields.model) return defaultModelOf(fields.agent ?? DEFAULT_AGENT);
  if (fields.agent && agentOf(fields.model) !== fields.agent) {
    ctx.addIssue(
      checkIssue('model', 'modelNotOfAgent', {
        model: fields.model,
        agent: fields.agent,
        models: { or: AGENT_CATALOGUE[fields.agent].models },
      }),
    );
    return null;
  }
  return fields.model;
}

/** Fills the catalogue's defaults and checks every rule; z.NEVER (with issues) when one fails. */
function resolveRequest(fields: Fields, ctx: z.RefinementCtx): Resolved {
  const model = resolveModel(fields, ctx);
  if (!model) return z.NEVER;
  const spec = MODEL_CATALOGUE[model];
  // A reference list given without picture 1 moves up: "image 1" is always the first one.
  const pictures = [fields.image, ...(fields.moreImages ?? [])].filter(
    (p): p is ImageSource => p !== undefined,
  );
  const resolved: Resolved = {
    agent: spec.agent,
    model,
    prompt: fields.prompt ?? '',
    duration: fields.duration ?? spec.defaultDuration,
    generateAudio: fields.generateAudio ?? false,
    batchCount: fields.batchCount,
    ...(pictures[0] !== undefined ? { image: pictures[0] } : {}),
    ...(pictures.length > 1 ? { moreImages: pictures.slice(1) } : {}),
    ...(fields.endFrame !== undefined ? { endFrame: fields.endFrame } : {}),
    ...(fields.referenceVideo !== undefined ? { referenceVideo: fields.referenceVideo } : {}),
  };
  const aspect = fields.aspectRatio ?? (fields.referenceVideo ? undefined : spec.aspectRatios[0]);
  if (aspect !== undefined) resolved.aspectRatio = aspect;
  let failed = false;
  const counting: IssueSink = {
    addIssue: (issue) => {
      failed = true;
      ctx.addIssue(issue);
    },
  };
  addModelSettingIssues(resolved, counting);
  checkAgentInputs(fields, resolved, pictures.length, counting);
  return failed ? z.NEVER : resolved;
}

/** Which inputs the model takes: pictures, end frame, reference video, aspect ratio, prompt. */
function checkAgentInputs(fields: Fields, r: Resolved, pictureCount: number, ctx: IssueSink): void {
  const spec = MODEL_CATALOGUE[r.model];
  const model = modelLabel(r.model);
  const issue = (path: string, check: RenderCheck, params: CheckParams = {}) =>
    ctx.addIssue(checkIssue(path, check, { model, ...params }));
  if (pictureCount < spec.images.min) {
    issue('image', spec.imageRole === 'character' ? 'characterRequired' : 'firstFrameRequired');
  }
  if (pictureCount > spec.images.max) {
    const tooMany =
      spec.imageRole === 'references'
        ? 'tooManyReferences'
        : spec.endFrame
          ? 'tooManyPicturesEndFrame'
          : 'tooManyPictures';
    issue('moreImages', tooMany, { max: spec.images.max, count: pictureCount });
  }
  if (fields.endFrame !== undefined && !spec.endFrame) {
    const takers = ModelName.options.filter((m) => MODEL_CATALOGUE[m].endFrame);
    if (r.model === 'Kling_2_1_Master') issue('endFrame', 'endFrameMaster');
    else issue('endFrame', 'endFrameNotTaken', { models: { or: takers } });
  }
  if (fields.referenceVideo !== undefined && spec.referenceVideo === 'none') {
    issue('referenceVideo', 'videoNotTaken');
  }
  if (fields.referenceVideo === undefined && spec.referenceVideo === 'required') {
    issue('referenceVideo', 'videoRequired');
  }
  if (fields.aspectRatio !== undefined) checkAspect(fields, spec, issue);
}

function checkAspect(
  fields: Fields,
  spec: ModelSpec,
  issue: (path: string, check: RenderCheck, params?: CheckParams) => void,
): void {
  if (fields.aspectRatio === undefined) return;
  if (spec.aspectRatios.length === 0) issue('aspectRatio', 'aspectNotTaken');
  else if (fields.referenceVideo !== undefined) issue('aspectRatio', 'aspectFromVideo');
  else if (!spec.aspectRatios.includes(fields.aspectRatio)) {
    issue('aspectRatio', 'aspectNotOffered', {
      ratios: { or: spec.aspectRatios },
      ratio: fields.aspectRatio,
    });
  }
}

/**
 * The request's pictures in the order they are sent as `params.images`: picture 1, reference
 * images 2–4, then the end frame (the last frame goes second for first-frame models).
 */
export function requestImages(request: RenderRequest): ImageSource[] {
  return [
    ...(request.image !== undefined ? [request.image] : []),
    ...(request.moreImages ?? []),
    ...(request.endFrame !== undefined ? [request.endFrame] : []),
  ];
}

/** One line per problem, "field: message", for CLIs and error banners. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}
