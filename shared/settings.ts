import { z } from 'zod';

export const Settings = z.strictObject({
  /** Runs in flight at once (upload → start → poll → download). */
  concurrency: z.number().int().min(1).max(16).default(2),
  notifications: z.boolean().default(true),
});
export type Settings = z.infer<typeof Settings>;
export const DEFAULT_SETTINGS: Settings = Settings.parse({});

export const KeySource = z.enum(['env', 'keychain']);
export const KeyStatus = z.object({
  set: z.boolean(),
  source: KeySource.nullable(),
  /** The last four characters, for "set, ends in …"; never more. */
  last4: z.string().max(4).nullable(),
});
export type KeyStatus = z.infer<typeof KeyStatus>;

export const GET_KEY_URL = 'https://open.weshop.ai/authorization/apikey';
