import { type KeyboardEvent, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { VideoSlot } from './video-slots';

/** Arrow keys, Home and End move between tabs (the ARIA tabs pattern); the rest is left alone. */
function nextPosition(key: string, position: number, count: number): number | null {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (position + 1) % count;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (position - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/**
 * The batch's videos as thumbnails, one tab each: choosing one shows it in the large player.
 * One Tab stop (the shown video's tab); arrows move and show at once, as tabs do.
 */
export function VideoSwitcher({
  slots,
  shown,
  panelId,
  onShow,
}: {
  slots: readonly VideoSlot[];
  shown: number;
  panelId: string;
  onShow: (position: number) => void;
}) {
  const { t } = useTranslation('detail');
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = nextPosition(event.key, shown, slots.length);
    if (next === null) return;
    event.preventDefault();
    // The frame keys' handler further up must not see the arrows either.
    event.stopPropagation();
    onShow(next);
    tabs.current[next]?.focus();
  };
  return (
    <div
      className="switcher"
      role="tablist"
      aria-label={t('switcherLabel')}
      aria-orientation="horizontal"
      onKeyDown={onKeyDown}
    >
      {slots.map((slot, position) => {
        const selected = position === shown;
        const name = t('tabName', { n: slot.index + 1, total: slots.length });
        const note =
          slot.status === 'not-delivered'
            ? t('switcherNotDelivered')
            : slot.status === 'not-downloaded'
              ? t('switcherNotDownloaded')
              : null;
        return (
          <button
            key={slot.index}
            ref={(element) => {
              tabs.current[position] = element;
            }}
            type="button"
            role="tab"
            id={`${panelId}-tab-${position}`}
            aria-selected={selected}
            aria-controls={panelId}
            aria-label={note ? `${name}: ${note}` : name}
            tabIndex={selected ? 0 : -1}
            className={`switcher-tab${slot.status === 'ready' ? '' : ` is-${slot.status}`}`}
            onClick={() => onShow(position)}
          >
            {slot.url ? (
              // A still of the video's start (the #t fragment); decoding only its metadata.
              <video
                className="switcher-thumb"
                src={`${slot.url}#t=0.05`}
                preload="metadata"
                muted
                tabIndex={-1}
                aria-hidden="true"
              />
            ) : (
              <span className="switcher-thumb switcher-empty" aria-hidden="true">
                {note}
              </span>
            )}
            <span className="switcher-name" aria-hidden="true">
              {t('videoShort', { n: slot.index + 1 })}
            </span>
          </button>
        );
      })}
    </div>
  );
}
