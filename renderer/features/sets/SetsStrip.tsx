import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { excerpt } from '../../format';
import { SetView } from './SetView';
import { describeSet } from './set-groups';
import { useStripSets } from './set-queries';
import '../../components/chip-row.css';
import './sets.css';

/**
 * The Library's newest sets of variations (asked of the core, a page of set renders), each
 * opening its side-by-side view. One line that scrolls sideways, so the grid keeps its height.
 */
export function SetsStrip() {
  const { t } = useTranslation('sets');
  const { sets: groups, error } = useStripSets();
  const [open, setOpen] = useState<string | null>(null);
  if (error) console.error(`Could not load the sets of variations: ${error}`);
  if (groups.length === 0) return null;
  return (
    <section className="sets-strip" aria-labelledby="sets-strip-title">
      <h2 id="sets-strip-title">{t('strip')}</h2>
      <ul className="chip-row">
        {groups.map((group) => (
          <li key={group.setId}>
            <button type="button" className="set-chip" onClick={() => setOpen(group.setId)}>
              <strong>{t('setOf', { count: group.count })}</strong>
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
