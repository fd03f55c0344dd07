import { useShallow } from 'zustand/react/shallow';
import { isTerminal } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { useNow } from '../../components/use-now';
import { selectQueueJobs } from '../../store/selectors';
import { QueueItem } from './QueueItem';

export function QueueScreen() {
  const jobs = useAppStore(useShallow(selectQueueJobs));
  const clearFinished = useAppStore((state) => state.clearFinished);
  const setScreen = useAppStore((state) => state.setScreen);
  const active = jobs.filter((job) => !isTerminal(job.state)).length;
  const finished = jobs.length - active;
  // Tick only while something runs: an idle queue has no clock to update.
  const now = useNow(active > 0);

  return (
    <section className="screen" aria-labelledby="queue-title">
      <header className="screen-header">
        <h1 id="queue-title">Queue</h1>
        <p className="muted">
          {active} in progress · {finished} finished
        </p>
        <div className="spacer" />
        <button type="button" onClick={clearFinished} disabled={finished === 0}>
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
        <ol className="queue-list" aria-label="Jobs">
          {jobs.map((view) => (
            <QueueItem key={view.id} view={view} now={now} />
          ))}
        </ol>
      )}
    </section>
  );
}
