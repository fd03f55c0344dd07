import {
  type DragEvent,
  type FocusEvent,
  type KeyboardEvent,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { isTerminal, type RenderView } from '../../../shared/job';
import type { QueueMoveRequest } from '../../../shared/queue';
import { useAppStore } from '../../app-context';
import { errorMessage } from '../../bridge';
import { focusIsLost, focusScreenHeading } from '../../components/focus';
import { useNow } from '../../components/use-now';
import { selectQueueJobs } from '../../store/selectors';
import { renderName } from '../library/input-pictures';
import { QueueItem, type RowSteering } from './QueueItem';
import { QueuePauseButton, QueueSets } from './QueueSteering';
import { arrangeRows, isPaused, isWaiting, setsInQueue, stepMove } from './queue-rows';
import { useQueueSteering } from './use-queue-steering';
import './queue.css';

/**
 * A job's buttons change with its state (Cancel goes once it is canceled, Retry once it runs
 * again): when the focused one went with an update, focus the same row's first button (found
 * by its render, wherever the row moved), else the row now in its place, else the heading.
 * Focus inside a dialog a row opened (a portal) is not the row's: the row keeps its place.
 */
function useRowFocusKeeper() {
  const list = useRef<HTMLOListElement>(null);
  const lastFocused = useRef<{ element: HTMLElement; id: string; row: number } | null>(null);
  useLayoutEffect(() => {
    const last = lastFocused.current;
    if (!last || last.element.isConnected || !focusIsLost()) return;
    lastFocused.current = null;
    const rows = list.current ? [...list.current.children] : [];
    const row =
      rows.find((item) => (item as HTMLElement).dataset.renderId === last.id) ??
      rows[Math.min(last.row, rows.length - 1)];
    const target = row?.querySelector<HTMLElement>('button');
    if (target) target.focus();
    else focusScreenHeading();
  });
  const onFocus = (event: FocusEvent<HTMLOListElement>) => {
    const target = event.target as HTMLElement;
    if (!event.currentTarget.contains(target)) return; // a dialog's portal, not a row
    const row = target.closest('li[data-render-id]') as HTMLElement | null;
    if (!row) return;
    const rows = [...event.currentTarget.children];
    lastFocused.current = {
      element: target,
      id: row.dataset.renderId ?? '',
      row: rows.indexOf(row),
    };
  };
  return { list, onFocus };
}

export function QueueScreen() {
  const jobs = useAppStore(useShallow(selectQueueJobs));
  const clearFinished = useAppStore((state) => state.clearFinished);
  const setScreen = useAppStore((state) => state.setScreen);
  const pushToast = useAppStore((state) => state.pushToast);
  const { t } = useTranslation('queue');
  const { state: steering, control, move } = useQueueSteering();
  const rows = useMemo(() => arrangeRows(jobs, steering), [jobs, steering]);
  const waitingIds = useMemo(() => rows.filter(isWaiting).map((view) => view.id), [rows]);
  const sets = useMemo(() => setsInQueue(rows), [rows]);
  const active = jobs.filter((job) => !isTerminal(job.state)).length;
  const finished = jobs.length - active;
  // Tick only while something runs: an idle queue has no clock to update.
  const now = useNow(active > 0);
  const { list, onFocus } = useRowFocusKeeper();
  const [announcement, setAnnouncement] = useState('');
  const dragged = useRef<string | null>(null);

  /** Resolves true once moved; a refusal (it started meanwhile) is said in a toast. */
  async function moveRow(request: QueueMoveRequest): Promise<boolean> {
    try {
      await move(request);
      return true;
    } catch (error) {
      pushToast(
        'error',
        t('actionFailed', { action: t('moveFront'), reason: errorMessage(error) }),
      );
      return false;
    }
  }

  function steeringOf(view: RenderView): RowSteering | undefined {
    if (!isWaiting(view)) return undefined;
    const onKeyDown = (event: KeyboardEvent<HTMLLIElement>) => {
      if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
      const request = stepMove(waitingIds, view.id, event.key === 'ArrowUp' ? 'up' : 'down');
      event.preventDefault();
      if (!request) return;
      void moveRow(request).then((done) => {
        if (!done) return;
        const ids = waitingIds.filter((id) => id !== view.id);
        const before = 'before' in request ? ids.indexOf(request.before) : ids.length;
        setAnnouncement(
          t('moved', { name: renderName(view), position: before + 1, count: waitingIds.length }),
        );
      });
    };
    return {
      paused: isPaused(view, steering),
      onMoveFront: () => void moveRow({ id: view.id, to: 'front' }),
      rowProps: {
        draggable: true,
        onKeyDown,
        onDragStart: (event: DragEvent<HTMLLIElement>) => {
          dragged.current = view.id;
          event.dataTransfer.effectAllowed = 'move';
        },
        onDragOver: (event: DragEvent<HTMLLIElement>) => {
          if (dragged.current && dragged.current !== view.id) event.preventDefault();
        },
        onDrop: (event: DragEvent<HTMLLIElement>) => {
          event.preventDefault();
          const id = dragged.current;
          dragged.current = null;
          if (id && id !== view.id) void moveRow({ id, before: view.id });
        },
      },
    };
  }

  return (
    <section className="screen" aria-labelledby="queue-title">
      <header className="screen-header">
        <h1 id="queue-title">{t('title')}</h1>
        <p className="muted">{t('summary', { active, finished })}</p>
        <div className="spacer" />
        <QueuePauseButton
          steering={steering}
          control={control}
          scope={{ waiting: waitingIds.length, underWay: active - waitingIds.length }}
        />
        <button
          type="button"
          onClick={() => {
            if (finished > 0) clearFinished();
          }}
          aria-disabled={finished === 0}
        >
          {t('clearFinished')}
        </button>
      </header>
      {steering.paused && (
        <p className="queue-paused-note" role="status">
          {t('pausedNote')}
        </p>
      )}
      <QueueSets sets={sets} steering={steering} control={control} />
      {waitingIds.length > 1 && <p className="muted queue-hint">{t('reorderHint')}</p>}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {jobs.length === 0 ? (
        <div className="empty-state">
          <p>{t('empty')}</p>
          <p className="muted">{t('emptyHint')}</p>
          <button type="button" className="primary" onClick={() => setScreen('new')}>
            {t('startNew')}
          </button>
        </div>
      ) : (
        <ol ref={list} className="queue-list" aria-label={t('listLabel')} onFocus={onFocus}>
          {rows.map((view) => (
            <QueueItem key={view.id} view={view} now={now} steering={steeringOf(view)} />
          ))}
        </ol>
      )}
    </section>
  );
}
