import { z } from 'zod';
import { MessageRef } from './core-messages';

/**
 * Where the app's own update stands (electron/app/updates.ts drives it with electron-updater).
 * - unsupported: this build cannot update itself (a development run, or a package the OS
 *   updates); `reason` says why in words.
 * - waiting-for-renders: the user asked to restart, but a render's start has left for WeShop
 *   and its run id is not saved yet; the restart happens as soon as none is (renders resume
 *   after it).
 */
export const UpdateStatus = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('unsupported'),
    reason: z.string(),
    /** Which of our messages the reason is (shared/core-messages.ts), for the app's language. */
    reasonRef: MessageRef.optional(),
  }),
  z.object({ state: z.literal('idle') }),
  z.object({ state: z.literal('checking') }),
  z.object({ state: z.literal('up-to-date'), version: z.string(), checkedAt: z.iso.datetime() }),
  z.object({
    state: z.literal('downloading'),
    version: z.string(),
    percent: z.number().min(0).max(100),
  }),
  z.object({ state: z.literal('ready'), version: z.string() }),
  z.object({
    state: z.literal('waiting-for-renders'),
    version: z.string(),
    renders: z.number().int().min(1),
  }),
  z.object({ state: z.literal('installing'), version: z.string() }),
  z.object({
    state: z.literal('error'),
    message: z.string(),
    /** Which of our messages `message` is, for the app's language. */
    messageRef: MessageRef.optional(),
  }),
]);
export type UpdateStatus = z.infer<typeof UpdateStatus>;
