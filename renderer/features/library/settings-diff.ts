import type { RenderView } from '../../../shared/job';
import { MODEL_CATALOGUE } from '../../../shared/models';

export interface SettingRow {
  /** What the row is called on screen. */
  label: string;
  /** One value per render, formatted as shown. */
  values: string[];
  /** True when the renders do not all have the same value. */
  differs: boolean;
}

/** The settings a user chose (and what they cost), in the order people compare them. */
const SETTINGS: ReadonlyArray<[string, (view: RenderView) => string]> = [
  ['Prompt', (view) => view.request.prompt],
  ['Model', (view) => MODEL_CATALOGUE[view.request.model].label],
  ['Duration', (view) => view.request.duration],
  ['Audio', (view) => (view.request.generateAudio ? 'On' : 'Off')],
  ['Videos', (view) => String(view.request.batchCount)],
  ['Image', (view) => view.request.image ?? '—'],
  ['Credits used', (view) => String(view.credits?.powerConsumption ?? '—')],
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
