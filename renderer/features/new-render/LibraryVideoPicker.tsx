import { useEffect, useState } from 'react';
import type { RenderView } from '../../../shared/job';
import { modelLabel } from '../../../shared/models';
import { useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { excerpt, formatDate } from '../../format';
import './library-video-picker.css';

const TEXT = {
  title: 'Pick a reference video from the library',
  intro:
    'WeShop fetches the video from its own link, so only a render whose WeShop link still answers can be used. Links are checked now, without your API key.',
  loading: 'Reading the library…',
  none: 'No finished render with a video yet: paste a video’s https URL instead.',
  checking: 'Checking the link…',
  answers: 'The link answers',
  use: 'Use this video',
  useNamed: (what: string) => `Use this video: ${what}`,
  video: (n: number, of: number) => (of > 1 ? ` · video ${n} of ${of}` : ''),
  listLabel: 'Finished renders',
};
const SHOWN_RENDERS = 30;

type Check = { state: 'checking' } | { state: 'ok' } | { state: 'gone'; message: string };
interface Candidate {
  key: string;
  render: RenderView;
  index: number;
  url: string;
}

/**
 * Done renders with their WeShop video links, each checked (video:check-url: main asks the
 * link without the API key); only one that still answers can be picked.
 */
export function LibraryVideoPicker({
  onClose,
  onPick,
}: {
  onClose: () => void;
  onPick: (url: string) => void;
}) {
  const client = useClient();
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [checks, setChecks] = useState<Record<string, Check>>({});

  // biome-ignore lint/correctness/useExhaustiveDependencies: read once when the dialog opens
  useEffect(() => {
    let current = true;
    client.call('render:list', { state: 'done', sort: 'newest', limit: SHOWN_RENDERS }).then(
      ({ items }) => {
        if (!current) return;
        const found = items.flatMap((render) =>
          render.videos.map((video) => ({
            key: `${render.id}/${video.index}`,
            render,
            index: video.index,
            url: video.url,
          })),
        );
        setCandidates(found);
        void checkAll(found, () => current);
      },
      (error: unknown) => current && setProblem(errorMessage(error)),
    );
    return () => {
      current = false;
    };
  }, [client]);

  /** One link at a time: a long library must not fire dozens of requests at WeShop's CDN. */
  async function checkAll(found: Candidate[], stillOpen: () => boolean) {
    for (const each of found) {
      if (!stillOpen()) return;
      setChecks((old) => ({ ...old, [each.key]: { state: 'checking' } }));
      let check: Check;
      try {
        const answer = await client.call('video:check-url', {
          id: each.render.id,
          videoIndex: each.index,
        });
        check = answer.ok ? { state: 'ok' } : { state: 'gone', message: answer.message };
      } catch (error) {
        check = { state: 'gone', message: errorMessage(error) };
      }
      if (stillOpen()) setChecks((old) => ({ ...old, [each.key]: check }));
    }
  }

  return (
    <Dialog title={TEXT.title} onClose={onClose}>
      <p className="hint">{TEXT.intro}</p>
      {problem && <p className="form-error">{problem}</p>}
      {!problem && candidates === null && <p role="status">{TEXT.loading}</p>}
      {candidates?.length === 0 && <p>{TEXT.none}</p>}
      {candidates && candidates.length > 0 && (
        <ul className="library-videos" aria-label={TEXT.listLabel}>
          {candidates.map((each) => (
            <CandidateRow
              key={each.key}
              candidate={each}
              check={checks[each.key]}
              onPick={() => onPick(each.url)}
            />
          ))}
        </ul>
      )}
    </Dialog>
  );
}

function CandidateRow({
  candidate,
  check,
  onPick,
}: {
  candidate: Candidate;
  check: Check | undefined;
  onPick: () => void;
}) {
  const { render, index } = candidate;
  const prompt = excerpt(render.request.prompt || modelLabel(render.request.model), 70);
  const where = `${modelLabel(render.request.model)} · ${formatDate(render.createdAt)}${TEXT.video(index + 1, render.videos.length)}`;
  const statusId = `check-${render.id}-${index}`;
  const ok = check?.state === 'ok';
  return (
    <li className="library-video">
      {render.thumbnailUrl ? (
        <img src={render.thumbnailUrl} alt="" />
      ) : (
        <span className="thumb-placeholder" />
      )}
      <div className="library-video-text">
        <span className="library-video-prompt">{prompt}</span>
        <span className="muted">{where}</span>
        <span id={statusId} className={`link-check ${check?.state ?? 'checking'}`}>
          {check?.state === 'gone' ? check.message : ok ? TEXT.answers : TEXT.checking}
        </span>
      </div>
      <button
        type="button"
        aria-disabled={!ok}
        aria-label={TEXT.useNamed(prompt)}
        aria-describedby={statusId}
        onClick={() => {
          if (ok) onPick();
        }}
      >
        {TEXT.use}
      </button>
    </li>
  );
}
