import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { RenderView } from '../../../shared/job';
import { RenderRequest } from '../../../shared/render-request';
import type { StoryboardView } from '../../../shared/storyboard';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { BudgetConfirmDialog } from '../../components/BudgetConfirm';
import { StateBadge } from '../../components/StateBadge';
import { excerpt } from '../../format';
import { sayMessage } from '../../i18n/core-messages';
import { type BudgetConcern, setBudgetConcernFor } from '../../store/budget';
import { StoryboardPlayer } from './StoryboardPlayer';
import { TEXT } from './storyboard-text';

/** A transition whose render can be replaced by a new one: failed, canceled, or deleted. */
const canRerender = (view: RenderView | null) =>
  view === null || view.state === 'failed' || view.state === 'canceled';

/**
 * One storyboard: each transition's state (live, from job:update), Re-render on a failed one,
 * the sequence played back-to-back once every transition is done, and Export joined MP4.
 */
export function StoryboardProgress({
  view,
  onChange,
}: {
  view: StoryboardView;
  onChange: (view: StoryboardView) => void;
}) {
  // Re-rendered when the language changes (TEXT reads the chosen one).
  useTranslation('storyboard');
  const client = useClient();
  const settings = useAppStore((state) => state.settings);
  const upsertJobs = useAppStore((state) => state.upsertJobs);
  const pushToast = useAppStore((state) => state.pushToast);
  const { storyboard } = view;
  // The store has every job:update since: each transition's state as it is now.
  const renders = useAppStore(
    useShallow((state) =>
      storyboard.transitions.map((t, i) => state.jobs[t.renderId] ?? view.renders[i] ?? null),
    ),
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [joined, setJoined] = useState<string | null>(view.joined);
  const [concern, setConcern] = useState<{ index: number; found: BudgetConcern } | null>(null);
  const done = renders.filter((r) => r?.state === 'done').length;
  const allDone = done === renders.length && renders.every((r) => r?.videoUrls[0]);

  async function rerender(index: number) {
    const next = await client.call('storyboard:rerender', { id: storyboard.id, transition: index });
    upsertJobs(next.renders.filter((r) => r !== null));
    pushToast('success', TEXT.rerendered(index));
    onChange(next);
  }

  async function askRerender(index: number) {
    if (busy) return;
    const old = renders[index];
    setBusy(`rerender-${index}`);
    try {
      // A deleted render's request is made again from the storyboard, as the core makes it.
      const request =
        old?.request ??
        RenderRequest.parse({
          image: storyboard.keyframes[index],
          endFrame: storyboard.keyframes[index + 1],
          prompt: storyboard.prompts[index],
          model: storyboard.model,
          duration: storyboard.duration,
          generateAudio: storyboard.generateAudio,
        });
      const found = await setBudgetConcernFor(client, [request], settings);
      if (found) setConcern({ index, found });
      else await rerender(index);
    } catch (error) {
      pushToast('error', errorMessage(error));
    } finally {
      setBusy(null);
    }
  }

  async function join() {
    if (busy) return;
    setBusy('join');
    try {
      const answer = await client.call('storyboard:join', { id: storyboard.id });
      setJoined(answer.file);
      pushToast('success', sayMessage(answer.message, answer.messageRef));
    } catch (error) {
      pushToast('error', errorMessage(error));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="storyboard-progress" aria-labelledby={`${storyboard.id}-title`}>
      <h2 id={`${storyboard.id}-title`}>
        {TEXT.heading(storyboard.keyframes.length, storyboard.createdAt)}
      </h2>
      <ol className="storyboard-transitions" aria-label={TEXT.transitionsInOrder}>
        {storyboard.transitions.map((t, i) => {
          const render = renders[i] ?? null;
          return (
            <li key={t.renderId} className="storyboard-transition">
              <span className="transition-text">
                {TEXT.transitionRow(i, excerpt(storyboard.prompts[i] ?? '', 60))}
              </span>
              {render ? <StateBadge view={render} /> : <span className="muted">{TEXT.gone}</span>}
              {canRerender(render) && (
                <button
                  type="button"
                  aria-label={TEXT.rerenderLabel(i)}
                  aria-disabled={busy !== null}
                  onClick={() => void askRerender(i)}
                >
                  {TEXT.rerender}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {allDone ? (
        <>
          <StoryboardPlayer renders={renders as RenderView[]} />
          <div className="button-row">
            <button
              type="button"
              className="primary"
              aria-disabled={busy !== null}
              onClick={() => void join()}
            >
              {busy === 'join' ? TEXT.joining : TEXT.exportJoined}
            </button>
          </div>
          {joined && <p className="muted">{TEXT.joinedAt(joined)}</p>}
        </>
      ) : (
        <p className="muted" role="status">
          {TEXT.notAllDone(done, renders.length)}
        </p>
      )}
      {concern && (
        <BudgetConfirmDialog
          concern={concern.found}
          labels={{
            title: TEXT.overCap,
            cancel: TEXT.dontQueue,
            confirm: TEXT.queueAnyway,
            busy: TEXT.queueing,
          }}
          onClose={() => setConcern(null)}
          proceed={() => rerender(concern.index)}
        />
      )}
    </section>
  );
}
