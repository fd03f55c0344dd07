import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RenderView } from '../../../shared/job';
import { useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { excerpt, formatDate } from '../../format';
import './library-video-picker.css';
import { sayMessage } from '../../i18n/core-messages';
import { modelName } from '../../i18n/model-label';

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
  const { t } = useTranslation('newRender');
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
        check = answer.ok
          ? { state: 'ok' }
          : { state: 'gone', message: sayMessage(answer.message, answer.messageRef) };
      } catch (error) {
        check = { state: 'gone', message: errorMessage(error) };
      }
      if (stillOpen()) setChecks((old) => ({ ...old, [each.key]: check }));
    }
  }

  return (
    <Dialog title={t('library.title')} onClose={onClose}>
      <p className="hint">{t('library.intro')}</p>
      {problem && <p className="form-error">{problem}</p>}
      {!problem && candidates === null && <p role="status">{t('library.loading')}</p>}
      {candidates?.length === 0 && <p>{t('library.none')}</p>}
      {candidates && candidates.length > 0 && (
        <ul className="library-videos" aria-label={t('library.listLabel')}>
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
  const { t } = useTranslation('newRender');
  const { render, index } = candidate;
  const prompt = excerpt(render.request.prompt || modelName(render.request.model), 70);
  const facts = { model: modelName(render.request.model), date: formatDate(render.createdAt) };
  const where =
    render.videos.length > 1
      ? t('library.whereVideo', { ...facts, n: index + 1, of: render.videos.length })
      : t('library.where', facts);
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
          {check?.state === 'gone'
            ? check.message
            : ok
              ? t('library.answers')
              : t('library.checking')}
        </span>
      </div>
      <button
        type="button"
        aria-disabled={!ok}
        aria-label={t('library.useNamed', { what: prompt })}
        aria-describedby={statusId}
        onClick={() => {
          if (ok) onPick();
        }}
      >
        {t('library.use')}
      </button>
    </li>
  );
}
