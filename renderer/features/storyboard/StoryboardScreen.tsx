import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Storyboard, StoryboardView } from '../../../shared/storyboard';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { StoryboardEditor } from './StoryboardEditor';
import { StoryboardProgress } from './StoryboardProgress';
import { TEXT } from './storyboard-text';
import './storyboard.css';

/** The Storyboard screen: a new storyboard, the one being watched, and the library's others. */
export function StoryboardScreen() {
  // Re-rendered when the language changes (TEXT reads the chosen one).
  useTranslation('storyboard');
  const client = useClient();
  const upsertJobs = useAppStore((state) => state.upsertJobs);
  const pushToast = useAppStore((state) => state.pushToast);
  const [list, setList] = useState<Storyboard[]>([]);
  const [shown, setShown] = useState<StoryboardView | null>(null);

  const loadList = useCallback(async () => {
    try {
      setList(await client.call('storyboard:list', {}));
    } catch (error) {
      pushToast('error', TEXT.listFailed(errorMessage(error)));
    }
  }, [client, pushToast]);
  useEffect(() => void loadList(), [loadList]);

  async function open(id: string) {
    try {
      const view = await client.call('storyboard:get', { id });
      upsertJobs(view.renders.filter((r) => r !== null));
      setShown(view);
    } catch (error) {
      pushToast('error', errorMessage(error));
    }
  }

  return (
    <section className="screen storyboard" aria-labelledby="storyboard-title">
      <header className="screen-header">
        <h1 id="storyboard-title">{TEXT.title}</h1>
      </header>
      <p className="hint">{TEXT.intro}</p>
      <StoryboardEditor
        onQueued={(view) => {
          setShown(view);
          void loadList();
        }}
      />
      {shown && <StoryboardProgress key={shown.storyboard.id} view={shown} onChange={setShown} />}
      <section className="storyboard-list" aria-labelledby="storyboard-list-title">
        <h2 id="storyboard-list-title">{TEXT.storyboards}</h2>
        {list.length === 0 ? (
          <p className="muted">{TEXT.none}</p>
        ) : (
          <ul className="chip-row">
            {list.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  className="chip"
                  aria-current={shown?.storyboard.id === s.id ? 'true' : undefined}
                  onClick={() => void open(s.id)}
                >
                  {TEXT.open(s.createdAt, s.transitions.length)}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
