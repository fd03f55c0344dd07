import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CatalogPicture, pictureName } from '../../../shared/catalog-set';
import { useClient } from '../../app-context';
import { refusalText } from '../../i18n/check-messages';
import { sayMessage } from '../../i18n/core-messages';
import { catalogDraft } from './catalog-drop';

/** Rows shown at first and per "Show more": a thumbnail is a whole picture read by main. */
const PAGE = 24;
/** Previews asked for at once (each is the picture's own bytes). */
const PREVIEWS_AT_ONCE = 3;

/** Why a picture is skipped, in the chosen language: by its message id or check ids. */
function pictureProblem(picture: CatalogPicture, problem: string): string {
  if (picture.problemRef) return sayMessage(problem, picture.problemRef);
  return refusalText({ message: problem, said: picture.problemSaid });
}

/**
 * The set's pictures: name, thumbnail and, once main has checked them, why a picture is
 * skipped or that it is the same bytes as another (uploaded once). Thumbnails load for the
 * rows shown only, a few at a time, so 500 pictures do not mean 500 previews in memory.
 */
export function CatalogSetList({
  pictures,
  checked,
}: {
  pictures: readonly string[];
  checked: readonly CatalogPicture[] | null;
}) {
  const { t } = useTranslation('catalog');
  const [shown, setShown] = useState(PAGE);
  const previews = usePreviews(pictures.slice(0, shown));
  const byPath = new Map((checked ?? []).map((p) => [p.path, p]));
  const more = Math.min(PAGE, pictures.length - shown);
  return (
    <div className="catalog-list">
      <ul aria-label={t('list')}>
        {pictures.slice(0, shown).map((path) => {
          const name = pictureName(path);
          const found = byPath.get(path);
          const preview = previews.get(path);
          return (
            <li key={path} className={found?.problem ? 'catalog-row skipped' : 'catalog-row'}>
              {preview ? (
                <img src={preview} alt={t('thumbnail', { name })} />
              ) : (
                <span className="catalog-thumb-blank" aria-hidden="true" />
              )}
              <span className="catalog-name" title={path}>
                {name}
              </span>
              {found?.problem && (
                <span className="catalog-problem">{pictureProblem(found, found.problem)}</span>
              )}
              {found?.sameAs && (
                <span className="hint">{t('sameAs', { name: pictureName(found.sameAs) })}</span>
              )}
              <button
                type="button"
                className="icon-button"
                aria-label={t('remove', { name })}
                onClick={() => catalogDraft.remove(path)}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
      {more > 0 && (
        <button type="button" onClick={() => setShown((n) => n + PAGE)}>
          {t('showMore', { count: more })}
        </button>
      )}
    </div>
  );
}

/** Previews of these pictures (image:inspect), a few at a time; a failed one stays blank. */
function usePreviews(paths: readonly string[]): ReadonlyMap<string, string> {
  const client = useClient();
  const [previews, setPreviews] = useState<ReadonlyMap<string, string>>(new Map());
  const key = paths.join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the paths' content
  useEffect(() => {
    let current = true;
    const wanted = key === '' ? [] : key.split('\n').filter((p) => !previews.has(p));
    const next = async (): Promise<void> => {
      const path = wanted.shift();
      if (path === undefined || !current) return;
      try {
        const { previewUrl } = await client.call('image:inspect', { path });
        if (current) setPreviews((old) => new Map(old).set(path, previewUrl));
      } catch {
        // The row says why once main has checked the set; the thumbnail stays blank.
      }
      return next();
    };
    void Promise.all(Array.from({ length: PREVIEWS_AT_ONCE }, next));
    return () => {
      current = false;
    };
  }, [client, key]);
  return previews;
}
