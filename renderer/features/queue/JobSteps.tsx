import type { RenderView } from '../../../shared/job';
import { jobStepIndex, jobSteps } from '../../job-labels';

/** Upload → Waiting → Generating → Download, the current step marked (aria-current="step"). */
export function JobSteps({ view }: { view: Pick<RenderView, 'state' | 'remoteState'> }) {
  const current = jobStepIndex(view);
  return (
    <ol className="job-steps" aria-label="Steps">
      {jobSteps().map((step, index) => {
        const status = index < current ? 'done' : index === current ? 'current' : 'todo';
        return (
          <li
            key={step}
            className={`step-${status}`}
            aria-current={status === 'current' ? 'step' : undefined}
          >
            {status === 'done' && <span className="visually-hidden">Done: </span>}
            {step}
          </li>
        );
      })}
    </ol>
  );
}
