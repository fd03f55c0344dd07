import { dayKey, type LedgerSummary, weekKey } from '../../../shared/credits';
import { AGENT_CATALOGUE, AgentName, ModelName } from '../../../shared/models';
import { formatShortDay } from '../../format';
import { i18n } from '../../i18n';
import { modelName } from '../../i18n/model-label';

export type SpentGrouping = 'day' | 'week' | 'agent' | 'model';

/** One bar of the chart and one row of the table. */
export interface SpentBar {
  key: string;
  label: string;
  credits: number;
}

const DAYS_SHOWN = 14;
const WEEKS_SHOWN = 8;

/**
 * An agent or model as people read it: "Kling 3.0 Omni", "Kling O1 · First frame to video"
 * (O1's two models apart); a name the catalogue does not know (yet) as it is.
 */
function groupLabel(grouping: 'agent' | 'model', key: string): string {
  if (grouping === 'agent') {
    const agent = AgentName.safeParse(key);
    return agent.success ? AGENT_CATALOGUE[agent.data].label : key;
  }
  const model = ModelName.safeParse(key);
  return model.success ? modelName(model.data) : key;
}

/**
 * The bars for a grouping: the last 14 days or 8 weeks up to `now` (empty days included,
 * so gaps show), or every agent or model that spent something, dearest first.
 */
export function spentBars(summary: LedgerSummary, grouping: SpentGrouping, now: Date): SpentBar[] {
  if (grouping === 'agent' || grouping === 'model') {
    const totals = grouping === 'agent' ? summary.byAgent : summary.byModel;
    return Object.entries(totals)
      .map(([key, credits]) => ({ key, label: groupLabel(grouping, key), credits }))
      .sort((a, b) => b.credits - a.credits || a.key.localeCompare(b.key));
  }
  const bars: SpentBar[] = [];
  if (grouping === 'day') {
    for (let back = DAYS_SHOWN - 1; back >= 0; back--) {
      const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() - back, 12);
      const key = dayKey(day);
      bars.push({ key, label: formatShortDay(day), credits: summary.byDay[key] ?? 0 });
    }
    return bars;
  }
  for (let back = WEEKS_SHOWN - 1; back >= 0; back--) {
    const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() - back * 7, 12);
    const key = weekKey(day);
    // "2026-W49" → "W49" / "第 49 周".
    const label = i18n.t('spent:week', { week: key.slice(6) });
    bars.push({ key, label, credits: summary.byWeek[key] ?? 0 });
  }
  return bars;
}
