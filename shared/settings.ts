import { z } from 'zod';
import { BudgetPatch, BudgetSettings } from './credits';

const Concurrency = z.number().int().min(1).max(16);

/** The interface's language: 'system' follows the OS (the renderer and the menus). */
export const LanguageChoice = z.enum(['system', 'en', 'zh-CN']);
export type LanguageChoice = z.infer<typeof LanguageChoice>;

export const Settings = z.strictObject({
  /** Runs in flight at once (upload → start → poll → download). */
  concurrency: Concurrency.default(2),
  notifications: z.boolean().default(true),
  /** A quiet check for a new version at start-up (downloaded in the background, never forced). */
  checkForUpdates: z.boolean().default(true),
  language: LanguageChoice.default('system'),
  /** Budget: optional caps in credits per render and per local day (null = none). */
  ...BudgetSettings.shape,
});
export type Settings = z.infer<typeof Settings>;
export const DEFAULT_SETTINGS: Settings = Settings.parse({});
/**
 * What settings:set takes: only the fields named change. (Settings.partial() would fill every
 * missing field with its default, so saving one setting would reset the others.)
 */
export const SettingsPatch = z.strictObject({
  concurrency: Concurrency.optional(),
  notifications: z.boolean().optional(),
  checkForUpdates: z.boolean().optional(),
  language: LanguageChoice.optional(),
  ...BudgetPatch.shape,
});
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export const KeySource = z.enum(['env', 'keychain']);
export const KeyStatus = z.object({
  set: z.boolean(),
  source: KeySource.nullable(),
  /** The last four characters, for "set, ends in …"; never more. */
  last4: z.string().max(4).nullable(),
});
export type KeyStatus = z.infer<typeof KeyStatus>;

export const GET_KEY_URL = 'https://open.weshop.ai/authorization/apikey';
