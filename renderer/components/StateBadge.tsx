import type { RenderView } from '../../shared/job';
import { describeState, stateTone } from '../job-labels';

export function StateBadge({ view }: { view: Pick<RenderView, 'state' | 'remoteState'> }) {
  return <span className={`badge badge-${stateTone(view.state)}`}>{describeState(view)}</span>;
}
