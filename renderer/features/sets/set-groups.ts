import type { RenderView } from '../../../shared/job';
import { i18n } from '../../i18n';

export interface SetGroup {
  setId: string;
  /** Oldest first: the order they were queued in (prompt-major). */
  renders: RenderView[];
  createdAt: string;
}

/** Renders grouped by set id, newest set first; renders outside a set are left out. */
export function groupSets(renders: Iterable<RenderView>): SetGroup[] {
  const bySet = new Map<string, RenderView[]>();
  for (const render of renders) {
    if (!render.setId) continue;
    const list = bySet.get(render.setId) ?? [];
    list.push(render);
    bySet.set(render.setId, list);
  }
  return [...bySet.entries()]
    .map(([setId, list]) => {
      const sorted = [...list].sort(
        (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
      );
      return { setId, renders: sorted, createdAt: sorted[0]?.createdAt ?? '' };
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** "2 prompts × 2 models", what varies in a set, in words (the chosen language). */
export function describeSet(group: SetGroup): string {
  const count = (values: string[]) => new Set(values).size;
  const parts: string[] = [];
  const prompts = count(group.renders.map((r) => r.request.prompt));
  const models = count(group.renders.map((r) => r.request.model));
  const durations = count(group.renders.map((r) => r.request.duration));
  if (prompts > 1) parts.push(i18n.t('sets:varies.prompts', { count: prompts }));
  if (models > 1) parts.push(i18n.t('sets:varies.models', { count: models }));
  if (durations > 1) parts.push(i18n.t('sets:varies.durations', { count: durations }));
  return parts.length
    ? parts.join(' × ')
    : i18n.t('sets:varies.renders', { count: group.renders.length });
}
