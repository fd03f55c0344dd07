import { z } from 'zod';
import { AgentName, AspectRatio, Duration, ModelName } from './models';

/**
 * A render's settings as they travel inside a saved or exported MP4 (electron/media/mp4-tags.ts
 * writes them into the file's metadata, no re-encode), so that dropping the file on New render
 * offers "Use these settings". Only names, never a path or a key: the file may be shared.
 */
export const Recipe = z.object({
  renderId: z.string().min(1).max(64),
  agent: AgentName,
  model: ModelName,
  prompt: z.string().max(10_000),
  duration: Duration,
  generateAudio: z.boolean(),
  /** The first picture's file name (not its path); null for a render from text alone. */
  sourcePicture: z.string().max(255).nullable(),
  aspectRatio: AspectRatio.optional(),
});
export type Recipe = z.infer<typeof Recipe>;
