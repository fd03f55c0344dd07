import type { RenderView } from '../../../shared/job';
import { agentLabel, INPUT_WORDS, madeBy } from './input-pictures';

export interface SettingRow {
  /** What the row is called on screen. */
  label: string;
  /** One value per render, formatted as shown. */
  values: string[];
  /** True when the renders do not all have the same value. */
  differs: boolean;
}

const NONE = '—';

/**
 * The settings a user chose (and what they cost), in the order people compare them. Every
 * agent's inputs have a row, so renders of different agents compare too (the same prompt on
 * Kling 3.0 and Kling 3.0 Omni): a setting one of them does not have reads "—".
 */
const SETTINGS: ReadonlyArray<[string, (view: RenderView) => string]> = [
  ['Prompt', (view) => view.request.prompt],
  ['Agent', (view) => agentLabel(view)],
  ['Model', (view) => madeBy(view)],
  ['Duration', (view) => view.request.duration],
  ['Aspect ratio', (view) => view.request.aspectRatio ?? NONE],
  ['Audio', (view) => (view.request.generateAudio ? 'On' : 'Off')],
  ['Videos', (view) => String(view.request.batchCount)],
  ['Image', (view) => view.request.image ?? INPUT_WORDS.noPicture],
  ['More images', (view) => view.request.moreImages?.join('\n') || NONE],
  ['End frame', (view) => view.request.endFrame ?? NONE],
  ['Reference video', (view) => view.request.referenceVideo ?? NONE],
  ['Credits used', (view) => String(view.credits?.powerConsumption ?? NONE)],
];

/**
 * Each setting of several renders side by side, marked where they differ. Pure: the Compare
 * dialog (and any set view) shows the rows; the values compared are the shown texts, so two
 * renders that look the same are never marked different.
 */
export function compareSettings(views: readonly RenderView[]): SettingRow[] {
  return SETTINGS.map(([label, read]) => {
    const values = views.map(read);
    return { label, values, differs: new Set(values).size > 1 };
  });
}
