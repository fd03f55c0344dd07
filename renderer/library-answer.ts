import { useEffect, useMemo, useState } from 'react';
import type { RenderView } from '../shared/job';
import { useAppStore } from './app-context';
import { errorMessage } from './bridge';

/*
 * The core's answers about renders the Library's pages may not hold (a set, a sequence): the
 * renderer asks for them instead of looking through what it happens to hold, and asks again
 * after every Library reload.
 */

/** Renders as the user sees them: newer copies from events, pending deletes hidden. */
export function useFreshRenders(fetched: readonly RenderView[] | null): RenderView[] | null {
  const jobs = useAppStore((state) => state.jobs);
  const pending = useAppStore((state) => state.pendingDeletes);
  return useMemo(
    () => fetched?.filter((r) => !pending[r.id]).map((r) => jobs[r.id] ?? r) ?? null,
    [fetched, jobs, pending],
  );
}

export interface Answer<T> {
  value: T | null;
  error: string | null;
}

/**
 * Asks the core, again after every Library reload (a render made, changed or deleted, here
 * or by another process: library:changed). `key` names what `ask` asks: a new key asks anew.
 */
export function useLibraryAnswer<T>(ask: () => Promise<T>, key: string): Answer<T> {
  const revision = useAppStore((state) => state.libraryRevision);
  const [answer, setAnswer] = useState<Answer<T>>({ value: null, error: null });
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names what `ask` asks
  useEffect(() => {
    let live = true;
    ask().then(
      (value) => live && setAnswer({ value, error: null }),
      (error: unknown) => live && setAnswer((old) => ({ ...old, error: errorMessage(error) })),
    );
    return () => {
      live = false;
    };
  }, [key, revision]);
  return answer;
}
