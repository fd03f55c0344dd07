import { useMemo, useState } from 'react';
import { useAppStore } from '../../app-context';
import { excerpt } from '../../format';
import { SetView } from './SetView';
import { describeSet, groupSets } from './set-groups';
import '../../components/chip-row.css';
import './sets.css';

const SHOWN = 8;

/** The Library's sets of variations, newest first, each opening its side-by-side view. */
export function SetsStrip() {
  const jobs = useAppStore((state) => state.jobs);
  const pendingDeletes = useAppStore((state) => state.pendingDeletes);
  // Grouped here, not in a selector: new group objects on every call would never settle.
  const groups = useMemo(
    () => groupSets(Object.values(jobs).filter((r) => !pendingDeletes[r.id])).slice(0, SHOWN),
    [jobs, pendingDeletes],
  );
  const [open, setOpen] = useState<string | null>(null);
  if (groups.length === 0) return null;
  return (
    <section className="sets-strip" aria-labelledby="sets-strip-title">
      <h2 id="sets-strip-title">Sets of variations</h2>
      <ul className="chip-row">
        {groups.map((group) => (
          <li key={group.setId}>
            <button type="button" className="set-chip" onClick={() => setOpen(group.setId)}>
              <strong>Set of {group.renders.length}</strong>
              <span className="muted">
                {describeSet(group)} · “{excerpt(group.renders[0]?.request.prompt ?? '', 32)}”
              </span>
            </button>
          </li>
        ))}
      </ul>
      {open && <SetView setId={open} onClose={() => setOpen(null)} />}
    </section>
  );
}
