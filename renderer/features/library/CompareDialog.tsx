import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../app-context';
import { Dialog } from '../../components/Dialog';
import { RenderFacts } from './RenderFacts';
import { VideoPlayers } from './VideoPlayers';

/** Two renders side by side: players on top, every setting below, so differences line up. */
export function CompareDialog() {
  const views = useAppStore(
    useShallow((state) => state.compareIds.flatMap((id) => state.jobs[id] ?? [])),
  );
  const setCompareOpen = useAppStore((state) => state.setCompareOpen);
  return (
    <Dialog title="Compare renders" onClose={() => setCompareOpen(false)}>
      <div className="compare">
        {views.map((view, index) => (
          <section key={view.id} className="compare-side" aria-label={`Render ${index + 1}`}>
            <VideoPlayers view={view} label={`Render ${index + 1}`} />
            <RenderFacts view={view} />
          </section>
        ))}
      </div>
    </Dialog>
  );
}
