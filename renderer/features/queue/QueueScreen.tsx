import { useLayoutEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { isTerminal } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { focusIsLost, focusScreenHeading } from '../../components/focus';
import { useNow } from '../../components/use-now';
import { selectQueueJobs } from '../../store/selectors';
import { QueueItem } from './QueueItem';
import './queue.css';

export function QueueScreen() {
  const jobs = useAppStore(useShallow(selectQueueJobs));
  const clearFinished = useAppStore((state) => state.clearFinished);
  const setScreen = useAppStore((state) => state.setScreen);
  const active = jobs.filter((job) => !isTerminal(job.state)).length;
  const finished = jobs.length - active;
  // Tick only while something runs: an idle queue has no clock to update.
  const now = useNow(active > 0);

  // A job's buttons change with its state (Cancel goes once it is canceled, Retry once it
  // runs again): when the focused one went with an update, focus the same row's first
  // button (or the heading), never <body>.
  const list = useRef<HTMLOListElement>(null);
  const lastFocused = useRef<{ element: HTMLElement; row: number } | null>(null);
  useLayoutEffect(() => {
    const last = lastFocused.current;
    if (!last || last.element.isConnected || !focusIsLost()) return;
    lastFocused.current = null;
    const rows = list.current ? [...list.current.children] : [];
    const row = rows[Math.min(last.row, rows.length - 1)];
    const target = row?.querySelector<HTMLElement>('button');
    if (target) target.focus();
    else focusScreenHeading();
  });

  return (
    <section className="screen" aria-labelledby="queue-title">
      <header className="screen-header">
        <h1 id="queue-title">Queue</h1>
        <p className="muted">
          {active} in progress · {finished} finished
        </p>
        <div className="spacer" />
        <button
          type="button"
          onClick={() => {
            if (finished > 0) clearFinished();
          }}
          aria-disabled={finished === 0}
        >
          Clear finished
        </button>
      </header>
      {jobs.length === 0 ? (
        <div className="empty-state">
          <p>Nothing in the queue.</p>
          <p className="muted">Renders you queue show up here with their progress.</p>
          <button type="button" className="primary" onClick={() => setScreen('new')}>
            Start a new render
          </button>
        </div>
      ) : (
        <ol
          ref={list}
          className="queue-list"
          aria-label="Jobs"
          onFocus={(event) => {
            const row = (event.target as HTMLElement).closest('li');
            const rows = [...event.currentTarget.children];
            lastFocused.current = row
              ? { element: event.target as HTMLElement, row: rows.indexOf(row) }
              : null;
          }}
        >
          {jobs.map((view) => (
            <QueueItem key={view.id} view={view} now={now} />
          ))}
        </ol>
      )}
    </section>
  );
}
