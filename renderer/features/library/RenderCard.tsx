import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { RenderView } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { FilmIcon } from '../../components/icons';
import { StateBadge } from '../../components/StateBadge';
import { excerpt, formatDate, formatDay } from '../../format';
import { i18n } from '../../i18n';
import { formatCredits, formatNumber, formatSeconds } from '../../i18n/format';
import { FavouriteButton } from './FavouriteButton';
import type { HoverPreview } from './hover-preview';
import {
  INPUT_WORDS,
  inputPictures,
  inputsSummary,
  isTextOnly,
  madeBy,
  renderName,
} from './input-pictures';
import { usePictureLabel } from './picture-label';
import type { ThumbnailQueue } from './thumbnail-queue';
import './card-preview.css';

/** "2 videos · 5 seconds each", "1 of 4 videos · 10 seconds each": how many, how long each. */
export function videoSummary(view: RenderView): string {
  const delivered = view.videoUrls.filter((url) => url !== null).length;
  const asked = view.request.batchCount;
  const count =
    view.state === 'partial'
      ? i18n.t('detail:card.videosDelivered', {
          count: asked,
          delivered: formatNumber(delivered),
          asked: formatNumber(asked),
        })
      : i18n.t('detail:card.videos', { count: asked, n: formatNumber(asked) });
  const duration = formatSeconds(view.request.duration);
  return asked > 1
    ? i18n.t('detail:card.summaryEach', { videos: count, duration })
    : i18n.t('detail:card.summary', { videos: count, duration });
}

export interface RenderCardProps {
  view: RenderView;
  position: number;
  total: number;
  thumbnails: ThumbnailQueue;
  /** Plays one card's first video at a time on hover or focus (muted, after a short delay). */
  preview?: HoverPreview;
  /** In Tab order (the grid's roving tabindex); the others are reached with arrow keys. */
  active?: boolean;
}

const never = () => () => {};

export function RenderCard({
  view,
  position,
  total,
  thumbnails,
  preview,
  active = true,
}: RenderCardProps) {
  const { t } = useTranslation('detail');
  const labelOf = usePictureLabel();
  const tabIndex = active ? 0 : -1;
  const openRender = useAppStore((state) => state.openRender);
  const toggleCompare = useAppStore((state) => state.toggleCompare);
  const comparing = useAppStore((state) => state.compareIds.includes(view.id));
  const firstVideo = view.videoUrls.find((url): url is string => url !== null) ?? null;
  // A partial render's delivered videos are as real as a done one's: they get a preview too.
  const hasVideos = view.state === 'done' || view.state === 'partial';
  const needsThumbnail = hasVideos && view.thumbnailUrl === null && firstVideo !== null;
  const prompt = excerpt(renderName(view), 80);
  const summaryId = useId();
  const previewing = useSyncExternalStore(
    preview?.subscribe ?? never,
    () => preview?.current() === view.id,
  );
  const canPreview = hasVideos && firstVideo !== null && preview !== undefined;
  const startPreview = () => canPreview && preview.enter(view.id);
  const stopPreview = () => preview?.leave(view.id);
  // A card leaving the grid (scrolled out, deleted) must not keep a preview going.
  useEffect(() => () => preview?.leave(view.id), [preview, view.id]);
  // No video to show: a failed or canceled render shows the (first) picture it started from.
  const firstPicture = inputPictures(view).find((picture) => picture.url !== null);
  // A waiting render's picture is the original until its copy is made (the core serves it under
  // the copy's URL); one that cannot be read (moved meanwhile) falls back to the placeholder.
  const [brokenUrl, setBrokenUrl] = useState<string | null>(null);
  const pictureUrl = view.thumbnailUrl ?? (hasVideos ? null : (firstPicture?.url ?? null));
  const stillImage = pictureUrl === brokenUrl ? null : pictureUrl;
  const textOnly = isTextOnly(view);
  // What went in, unless the usual single first frame: "First + end frame", "Text only"…
  const inputs = inputsSummary(view);
  const showInputs = inputs !== INPUT_WORDS.firstFrame;
  const inputsId = useId();
  const describedBy = [hasVideos ? summaryId : '', showInputs ? inputsId : '']
    .filter(Boolean)
    .join(' ');

  // Mounted means visible (the grid is virtualized): only then is a thumbnail worth making.
  useEffect(() => {
    if (!needsThumbnail || !firstVideo) return;
    thumbnails.request(view.id, firstVideo);
    return () => thumbnails.cancel(view.id);
  }, [needsThumbnail, firstVideo, thumbnails, view.id]);

  return (
    // biome-ignore lint/a11y/useSemanticElements: rows between list and items rule out <li>
    <div
      className={`card${comparing ? ' is-comparing' : ''}`}
      role="listitem"
      aria-posinset={position}
      aria-setsize={total}
      data-render-id={view.id}
      onMouseEnter={startPreview}
      onMouseLeave={stopPreview}
    >
      <button
        type="button"
        className="card-open"
        tabIndex={tabIndex}
        aria-label={t('card.open', { prompt })}
        aria-describedby={describedBy || undefined}
        onClick={() => openRender(view.id)}
        onFocus={startPreview}
        onBlur={stopPreview}
      >
        <div className="thumb">
          {stillImage ? (
            <img
              src={stillImage}
              alt=""
              loading="lazy"
              decoding="async"
              onError={() => setBrokenUrl(stillImage)}
            />
          ) : (
            <div className="thumb-placeholder" aria-hidden="true">
              <FilmIcon />
              {hasVideos && firstVideo
                ? t('card.noPreview')
                : textOnly
                  ? t('card.noVideoNoPicture')
                  : t('card.noVideo')}
            </div>
          )}
          {!view.thumbnailUrl && stillImage && firstPicture && (
            <span className="thumb-tag" aria-hidden="true">
              {labelOf(view, firstPicture)}
            </span>
          )}
          {showInputs && (
            <span id={inputsId} className="thumb-inputs">
              {inputs}
            </span>
          )}
          {/* On the picture, as galleries show a clip's length; read as the button's description.
              Only for delivered videos: a failed render's asked-for count would mislead. */}
          {hasVideos && (
            <span id={summaryId} className="thumb-summary">
              {videoSummary(view)}
            </span>
          )}
          {previewing && firstVideo && (
            // Muted, looping, no controls: a glance at the motion, not the player.
            <video
              className="card-preview"
              src={firstVideo}
              muted
              autoPlay
              loop
              playsInline
              data-testid="card-preview"
            />
          )}
        </div>
        <div className="card-body">
          <p className="card-prompt" title={view.request.prompt}>
            {prompt}
          </p>
          <p className="card-meta">
            <span>{madeBy(view)}</span>
            {/* What WeShop charged: what the Library's cost sort and filter go by. */}
            {view.credits?.powerConsumption !== undefined && (
              <span>{formatCredits(view.credits.powerConsumption)}</span>
            )}
            <span title={formatDate(view.createdAt)}>{formatDay(view.createdAt)}</span>
          </p>
        </div>
      </button>
      <div className="card-footer">
        <StateBadge view={view} />
        {/* The creative loop: a set's renders and continuations say so (the Library's sets
            strip and the detail view open them). */}
        {(view.setId || view.continuedFrom) && (
          <span className="muted">
            {view.continuedFrom ? t('card.continued') : t('card.inSet')}
          </span>
        )}
        <label className="compare-check">
          <input
            type="checkbox"
            checked={comparing}
            tabIndex={tabIndex}
            onChange={() => toggleCompare(view.id)}
            aria-label={t('card.selectCompare', { prompt })}
          />
          {t('card.compare')}
        </label>
      </div>
      <div className="card-star">
        <FavouriteButton view={view} tabIndex={tabIndex} />
      </div>
    </div>
  );
}
