import { z } from 'zod';
import { addModelSettingIssues, DEFAULT_MODEL, Duration, ModelName } from './models';

export const PROMPT_MAX_LENGTH = 2500;
export const BATCH_MIN = 1;
export const BATCH_MAX = 16;

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
  .string({ error: 'Choose an image: a local file or an https URL' })
  .trim()
  .min(1, 'Choose an image: a local file or an https URL')
  .superRefine((value, ctx) => {
    if (/^http:\/\//i.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'Image URLs must use https, not http' });
      return;
    }
    if (/^https:\/\//i.test(value)) {
      if (!URL.canParse(value))
        ctx.addIssue({ code: 'custom', message: `Not a valid URL: ${value}` });
      return;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'Image URLs must use https' });
      return;
    }
    if (!isAbsoluteLocalPath(value)) {
      ctx.addIssue({ code: 'custom', message: 'Local image paths must be absolute' });
    }
  });
export type ImageSource = z.infer<typeof ImageSource>;

export const isRemoteImage = (image: ImageSource) => /^https:\/\//i.test(image);

/** How many videos one render makes, named as on screen ("Videos") so messages point at it. */
export const BatchCount = z
  .number({ error: `Videos: a whole number from ${BATCH_MIN} to ${BATCH_MAX}` })
  .int(`Videos: a whole number from ${BATCH_MIN} to ${BATCH_MAX}`)
  .min(BATCH_MIN, `Videos: at least ${BATCH_MIN}`)
  .max(BATCH_MAX, `Videos: at most ${BATCH_MAX} in one render`)
  .default(1);

/**
 * What a user asks for. Strict: unknown fields are an error, so a typo never
 * silently becomes a default that costs credits.
 */
export const RenderRequest = z
  .strictObject({
    image: ImageSource,
    prompt: z
      .string({ error: 'Describe the motion you want (a prompt is required)' })
      .trim()
      .min(1, 'Describe the motion you want (a prompt is required)')
      .max(PROMPT_MAX_LENGTH, `Prompts can be at most ${PROMPT_MAX_LENGTH} characters`),
    model: ModelName.default(DEFAULT_MODEL),
    duration: Duration.default('5s'),
    generateAudio: z.boolean({ error: 'Audio must be on or off (true or false)' }).default(false),
    batchCount: BatchCount,
  })
  .superRefine(addModelSettingIssues);
/** A validated request, defaults filled in. */
export type RenderRequest = z.infer<typeof RenderRequest>;
/** What callers may pass before defaults are applied. */
export type RenderRequestInput = z.input<typeof RenderRequest>;

/** One line per problem, "field: message", for CLIs and error banners. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}
