import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app-context';
import { focusScreenHeading } from '../../components/focus';
import { formatNumber } from '../../i18n/format';
import { itemAt as pageItemAt } from '../../store/library-pages';
import { hasActiveFilters } from '../../store/library-query';
import { SetsStrip } from '../sets/SetsStrip';
import { CompareDialog } from './CompareDialog';
import { captureFirstFrame } from './capture-frame';
import { createHoverPreview } from './hover-preview';
import { LibraryFilters } from './LibraryFilters';
import { LibraryGrid, type ObserveRect } from './LibraryGrid';
import { RenderCard } from './RenderCard';
import { SelectedRenderDetail } from './RenderDetail';
import { createThumbnailQueue } from './thumbnail-queue';
import './library.css';

export interface LibraryScreenProps {
  /** Injected in tests: happy-dom has no layout, so the grid gets a fixed viewport. */
  observeRect?: ObserveRect;
  captureFrame?: (videoUrl: string) => Promise<string>;
}

export function LibraryScreen({
  observeRect,
  captureFrame = captureFirstFrame,
}: LibraryScreenProps) {
  const { t } = useTranslation('library');
  const pages = useAppStore((state) => state.libraryPages);
  const total = useAppStore((state) => state.libraryTotal);
  const epoch = useAppStore((state) => state.libraryEpoch);
  const showLibraryRange = useAppStore((state) => state.showLibraryRange);
  const itemAt = useCallback((index: number) => pageItemAt(pages, index), [pages]);
  const status = useAppStore((state) => state.libraryStatus);
  const error = useAppStore((state) => state.libraryError);
  const loadLibrary = useAppStore((state) => state.loadLibrary);
  const compareIds = useAppStore((state) => state.compareIds);
  const compareOpen = useAppStore((state) => state.compareOpen);
  const setCompareOpen = useAppStore((state) => state.setCompareOpen);
  const clearCompare = useAppStore((state) => state.clearCompare);
  const saveThumbnail = useAppStore((state) => state.saveThumbnail);
  const filtered = useAppStore((state) => hasActiveFilters(state.filters));
  const setScreen = useAppStore((state) => state.setScreen);

  const [thumbnails] = useState(() =>
    createThumbnailQueue({ capture: captureFrame, save: saveThumbnail }),
  );
  useEffect(() => () => thumbnails.clearPending(), [thumbnails]);
  const [preview] = useState(() => createHoverPreview());
  useEffect(() => () => preview.dispose(), [preview]);

  return (
    <section className="screen library" aria-labelledby="library-title">
      <header className="screen-header">
        <h1 id="library-title">{t('title')}</h1>
        <p className="muted" aria-live="polite">
          {status === 'loading' && total === 0
            ? t('loading')
            : t('count', { count: total, formatted: formatNumber(total) })}
        </p>
      </header>
      <LibraryFilters />
      <SetsStrip />
      {compareIds.length > 0 && (
        <section className="compare-bar" aria-label={t('compareSelection')}>
          <span>{compareIds.length === 2 ? t('compareTwo') : t('compareOne')}</span>
          <div className="spacer" />
          <button
            type="button"
            onClick={() => {
              // The bar goes away with the selection: focus the heading, not the page.
              focusScreenHeading();
              clearCompare();
            }}
          >
            {t('clearSelection')}
          </button>
          <button
            type="button"
            className="primary"
            disabled={compareIds.length !== 2}
            onClick={() => setCompareOpen(true)}
          >
            {t('compare')}
          </button>
        </section>
      )}
      {status === 'error' && (
        <div className="banner error" role="alert">
          <span>{t('loadFailed', { error: error ?? '' })}</span>
          <button type="button" onClick={() => void loadLibrary()}>
            {t('tryAgain')}
          </button>
        </div>
      )}
      {total === 0 && status === 'ready' ? (
        <div className="empty-state">
          <p>{filtered ? t('noMatch') : t('empty')}</p>
          <p className="muted">{filtered ? t('noMatchHint') : t('emptyHint')}</p>
          {!filtered && (
            <button type="button" className="primary" onClick={() => setScreen('new')}>
              {t('firstRender')}
            </button>
          )}
        </div>
      ) : (
        <LibraryGrid
          total={total}
          itemAt={itemAt}
          onRange={showLibraryRange}
          resetKey={epoch}
          observeRect={observeRect}
          renderItem={(view, position, active) => (
            <RenderCard
              key={view.id}
              view={view}
              position={position}
              active={active}
              total={total}
              thumbnails={thumbnails}
              preview={preview}
            />
          )}
        />
      )}
      <SelectedRenderDetail />
      {compareOpen && compareIds.length === 2 && <CompareDialog />}
    </section>
  );
}
