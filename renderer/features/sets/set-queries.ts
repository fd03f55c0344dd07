import type { RenderView } from '../../../shared/job';
import { useAppStore, useClient } from '../../app-context';
import { useFreshRenders, useLibraryAnswer } from '../../library-answer';
import { groupSets, type SetGroup } from './set-groups';

/** The newest renders queued in sets that the strip groups (a page, never the library). */
export const STRIP_RENDERS = 120;
/** Sets shown in the strip. */
export const STRIP_SETS = 8;
/** A set view shows at most this many renders side by side (a catalog set can hold 500). */
export const SET_VIEW_RENDERS = 100;

/** One set's renders (oldest first, as queued) and how many it has, from the core. */
export function useSetRenders(setId: string): {
  renders: RenderView[] | null;
  total: number;
  error: string | null;
} {
  const client = useClient();
  const { value, error } = useLibraryAnswer(
    () => client.call('render:list', { setId, sort: 'oldest', limit: SET_VIEW_RENDERS }),
    setId,
  );
  const renders = useFreshRenders(value?.items ?? null);
  const hidden = (value?.items.length ?? 0) - (renders?.length ?? 0);
  return { renders, total: Math.max(0, (value?.total ?? 0) - hidden), error };
}

export interface StripSet extends SetGroup {
  /** How many renders the set has (the core's count when the page cut the set short). */
  count: number;
}

/** The newest sets for the Library's strip, from one page of renders queued in sets. */
export function useStripSets(): { sets: StripSet[]; error: string | null } {
  const client = useClient();
  const pendingKey = useAppStore((state) => Object.keys(state.pendingDeletes).join(' '));
  const { value, error } = useLibraryAnswer(async () => {
    const excludeIds = pendingKey ? pendingKey.split(' ').slice(0, 200) : undefined;
    const { items } = await client.call('render:list', {
      inSet: true,
      sort: 'newest',
      limit: STRIP_RENDERS,
      ...(excludeIds ? { excludeIds } : {}),
    });
    return stripSets(items, (setId) =>
      client.call('render:list', { setId, limit: 1 }).then(({ total }) => total),
    );
  }, pendingKey);
  return { sets: value ?? [], error };
}

/**
 * Groups a page of set renders; the oldest set in a full page may be cut short, so it is
 * dropped when newer sets fill the strip, else its count is asked for.
 */
export async function stripSets(
  items: readonly RenderView[],
  countOf: (setId: string) => Promise<number>,
): Promise<StripSet[]> {
  let groups = groupSets(items);
  const full = items.length >= STRIP_RENDERS;
  const cut = full ? groups.at(-1)?.setId : undefined;
  if (cut && groups.length > STRIP_SETS) groups = groups.slice(0, STRIP_SETS);
  else if (cut && groups.length > 1) groups = groups.slice(0, -1);
  return Promise.all(
    groups.slice(0, STRIP_SETS).map(async (group) => ({
      ...group,
      count: group.setId === cut ? await countOf(group.setId) : group.renders.length,
    })),
  );
}
