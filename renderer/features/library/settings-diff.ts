import type { RenderView } from '../../../shared/job';
import { i18n } from '../../i18n';
import { formatNumber, formatSeconds } from '../../i18n/format';
import { agentLabel, madeBy } from './input-pictures';

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
  ['prompt', (view) => view.request.prompt],
  ['agent', (view) => agentLabel(view)],
  ['model', (view) => madeBy(view)],
  ['duration', (view) => formatSeconds(view.request.duration)],
  ['aspectRatio', (view) => view.request.aspectRatio ?? NONE],
  ['audio', (view) => i18n.t(view.request.generateAudio ? 'detail:facts.on' : 'detail:facts.off')],
  ['videos', (view) => formatNumber(view.request.batchCount)],
  ['image', (view) => view.request.image ?? i18n.t('detail:picture.none')],
  ['moreImages', (view) => view.request.moreImages?.join('\n') || NONE],
  ['endFrame', (view) => view.request.endFrame ?? NONE],
  ['referenceVideo', (view) => view.request.referenceVideo ?? NONE],
  [
    'creditsUsed',
    (view) =>
      view.credits?.powerConsumption === undefined
        ? NONE
        : formatNumber(view.credits.powerConsumption),
  ],
];

/** A row's name in the interface's language (detail:compare.rows). */
const rowLabel = (key: string) =>
  i18n.t(`detail:compare.rows.${key}` as 'detail:compare.rows.prompt');

/**
 * Each setting of several renders side by side, marked where they differ. Pure: the Compare
 * dialog (and any set view) shows the rows; the values compared are the shown texts, so two
 * renders that look the same are never marked different.
 */
export function compareSettings(views: readonly RenderView[]): SettingRow[] {
  return SETTINGS.map(([key, read]) => {
    const values = views.map(read);
    return { label: rowLabel(key), values, differs: new Set(values).size > 1 };
  });
}
