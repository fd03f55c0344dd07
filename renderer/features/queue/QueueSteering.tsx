import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueControlRequest, QueueControlResult, QueueState } from '../../../shared/queue';
import { useAppStore } from '../../app-context';
import { errorMessage } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import type { QueueSet } from './queue-rows';

type Control = (request: QueueControlRequest) => Promise<QueueControlResult>;

/** What the pause or cancel touches, counted from the rows shown (the core's text stays English). */
export interface SteerScope {
  waiting: number;
  underWay: number;
}

/** Runs a steering call and says what it did (or why not) in a toast, in the app's language. */
function useSteer(control: Control) {
  const pushToast = useAppStore((state) => state.pushToast);
  const { t } = useTranslation('queue');
  const said = (request: QueueControlRequest, result: QueueControlResult, scope: SteerScope) => {
    const where = request.setId ? 'Set' : 'Queue';
    const busy = scope.underWay > 0 ? t('underWayFinish', { count: scope.underWay }) : '';
    if (request.action === 'pause') return t(`paused${where}`, { count: scope.waiting }) + busy;
    if (request.action === 'resume') return t(`resumed${where}`);
    return t('canceledSet', { count: result.canceled.length }) + busy;
  };
  return (request: QueueControlRequest, action: string, scope: SteerScope) =>
    control(request).then(
      (result) => pushToast('success', said(request, result, scope)),
      (error: unknown) =>
        pushToast('error', t('actionFailed', { action, reason: errorMessage(error) })),
    );
}

/** Pause queue / Resume queue, and what a pause means while it holds. */
export function QueuePauseButton({
  steering,
  control,
  scope,
}: {
  steering: QueueState;
  control: Control;
  scope: SteerScope;
}) {
  const { t } = useTranslation('queue');
  const steer = useSteer(control);
  const label = steering.paused ? t('resumeAll') : t('pauseAll');
  return (
    <button
      type="button"
      onClick={() => void steer({ action: steering.paused ? 'resume' : 'pause' }, label, scope)}
    >
      {label}
    </button>
  );
}

function SetRow({ set, paused, control }: { set: QueueSet; paused: boolean; control: Control }) {
  const { t } = useTranslation('queue');
  const steer = useSteer(control);
  const [confirming, setConfirming] = useState(false);
  const nameId = useId();
  const pauseLabel = paused ? t('resumeSet') : t('pauseSet');
  return (
    <li className="queue-set">
      <span className="queue-set-name" id={nameId} title={set.name}>
        {t('setName', { name: set.name })}
      </span>
      <span className="muted">
        {t('setWaiting', { count: set.waiting })}
        {set.underWay > 0 ? ` · ${t('setUnderWay', { count: set.underWay })}` : ''}
        {paused ? ` · ${t('paused')}` : ''}
      </span>
      <span className="button-row">
        <button
          type="button"
          aria-describedby={nameId}
          onClick={() =>
            void steer({ action: paused ? 'resume' : 'pause', setId: set.setId }, pauseLabel, set)
          }
        >
          {pauseLabel}
        </button>
        <button
          type="button"
          aria-haspopup="dialog"
          aria-describedby={nameId}
          aria-disabled={set.waiting === 0}
          onClick={() => {
            if (set.waiting > 0) setConfirming(true);
          }}
        >
          {t('cancelSet')}
        </button>
      </span>
      {confirming && (
        <Dialog title={t('cancelSetTitle')} size="small" onClose={() => setConfirming(false)}>
          <p>{t('cancelSetBody', { count: set.waiting, name: set.name })}</p>
          <div className="button-row end">
            <button type="button" data-autofocus onClick={() => setConfirming(false)}>
              {t('keepSet')}
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                setConfirming(false);
                void steer({ action: 'cancel', setId: set.setId }, t('cancelSetConfirm'), set);
              }}
            >
              {t('cancelSetConfirm')}
            </button>
          </div>
        </Dialog>
      )}
    </li>
  );
}

/** One line per set with renders to go: pause, resume or cancel it as a whole. */
export function QueueSets({
  sets,
  steering,
  control,
}: {
  sets: readonly QueueSet[];
  steering: QueueState;
  control: Control;
}) {
  const { t } = useTranslation('queue');
  if (sets.length === 0) return null;
  return (
    <section className="queue-sets" aria-label={t('setsLabel')}>
      <ul>
        {sets.map((set) => (
          <SetRow
            key={set.setId}
            set={set}
            paused={steering.pausedSets.includes(set.setId)}
            control={control}
          />
        ))}
      </ul>
    </section>
  );
}
