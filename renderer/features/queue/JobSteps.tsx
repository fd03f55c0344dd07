import { useTranslation } from 'react-i18next';
import type { RenderView } from '../../../shared/job';
import { jobStepIndex, jobSteps } from '../../job-labels';

/** Upload → Waiting → Generating → Download, the current step marked (aria-current="step"). */
export function JobSteps({ view }: { view: Pick<RenderView, 'state' | 'remoteState'> }) {
  const { t } = useTranslation('queue');
  const current = jobStepIndex(view);
  return (
    <ol className="job-steps" aria-label={t('steps')}>
      {jobSteps().map((step, index) => {
        const status = index < current ? 'done' : index === current ? 'current' : 'todo';
        return (
          <li
            key={step}
            className={`step-${status}`}
            aria-current={status === 'current' ? 'step' : undefined}
          >
            {status === 'done' && <span className="visually-hidden">{t('stepDone')}</span>}
            {step}
          </li>
        );
      })}
    </ol>
  );
}
