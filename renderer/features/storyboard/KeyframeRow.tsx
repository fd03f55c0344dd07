import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageInfo } from '../../../shared/ipc';
import { TEXT } from './storyboard-text';

/** A picked keyframe with a key of its own (the same picture may be picked twice). */
export type Keyframe = ImageInfo & { uid: string };

/** Moves item `from` to `to` (a new array). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length || from === to) return [...items];
  const next = [...items];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved as T);
  return next;
}

/**
 * The keyframes in order: each with its picture, Move earlier / Move later / Remove buttons,
 * and Alt+← / Alt+→ on a focused keyframe to move it (focus follows it).
 */
export function KeyframeRow({
  keyframes,
  onChange,
  onAdd,
}: {
  keyframes: readonly Keyframe[];
  onChange: (next: Keyframe[], focus?: number) => void;
  onAdd: () => void;
}) {
  // Re-rendered when the language changes (TEXT reads the chosen one).
  useTranslation('storyboard');
  const onKey = (event: KeyboardEvent<HTMLLIElement>, index: number) => {
    if (!event.altKey) return;
    const to =
      event.key === 'ArrowLeft' || event.key === 'ArrowUp'
        ? index - 1
        : event.key === 'ArrowRight' || event.key === 'ArrowDown'
          ? index + 1
          : null;
    if (to === null || to < 0 || to >= keyframes.length) return;
    event.preventDefault();
    onChange(moveItem(keyframes, index, to), to);
  };
  return (
    <div className="storyboard-keyframes">
      <ol className="keyframe-row" aria-label={TEXT.keyframesLabel}>
        {keyframes.map((picture, i) => (
          <li
            key={picture.uid}
            className="keyframe"
            tabIndex={-1}
            data-keyframe={i}
            aria-label={TEXT.keyframeLabel(i, picture.path)}
            aria-keyshortcuts="Alt+ArrowLeft Alt+ArrowRight"
            onKeyDown={(event) => onKey(event, i)}
          >
            <span className="keyframe-number" aria-hidden="true">
              {i + 1}
            </span>
            <img src={picture.previewUrl} alt="" className="keyframe-picture" />
            <span className="keyframe-name" title={picture.path}>
              {picture.path.split(/[\\/]/).pop()}
            </span>
            <span className="keyframe-actions">
              <button
                type="button"
                aria-label={TEXT.moveEarlier(i)}
                disabled={i === 0}
                onClick={() => onChange(moveItem(keyframes, i, i - 1), i - 1)}
              >
                ←
              </button>
              <button
                type="button"
                aria-label={TEXT.moveLater(i)}
                disabled={i === keyframes.length - 1}
                onClick={() => onChange(moveItem(keyframes, i, i + 1), i + 1)}
              >
                →
              </button>
              <button
                type="button"
                aria-label={TEXT.remove(i)}
                onClick={() => onChange(keyframes.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            </span>
          </li>
        ))}
        <li className="keyframe keyframe-add">
          <button type="button" onClick={onAdd}>
            {TEXT.addKeyframe}
          </button>
        </li>
      </ol>
    </div>
  );
}
