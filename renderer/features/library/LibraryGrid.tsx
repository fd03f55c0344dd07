import {
  observeElementRect,
  type Rect,
  useVirtualizer,
  type Virtualizer,
} from '@tanstack/react-virtual';
import {
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { RenderView } from '../../../shared/job';

/** How the grid learns its viewport size; tests pass a fixed one (happy-dom has no layout). */
export type ObserveRect = (
  instance: Virtualizer<HTMLDivElement, Element>,
  callback: (rect: Rect) => void,
) => (() => void) | undefined;

export const CARD_MIN_WIDTH = 210;
export const GRID_GAP = 16;
export const ROW_HEIGHT = 268;
const GRID_PADDING = 24;

export function columnsFor(width: number): number {
  return Math.max(
    1,
    Math.floor((width - 2 * GRID_PADDING + GRID_GAP) / (CARD_MIN_WIDTH + GRID_GAP)),
  );
}

export interface LibraryGridProps {
  /** How many renders the list has (the core's total): the grid's height and aria-setsize. */
  total: number;
  /** The render at a position, when its page is held; a placeholder card shows until then. */
  itemAt: (index: number) => RenderView | undefined;
  /** The positions on screen changed: their pages are asked for, far ones dropped. */
  onRange: (first: number, last: number) => void;
  /** Changes when the list is a new one (filters): the grid goes back to its top. */
  resetKey?: number;
  /** `active`: the one card in Tab order (roving tabindex); arrows move between cards. */
  renderItem: (view: RenderView, position: number, active: boolean) => ReactNode;
  observeRect?: ObserveRect;
}

/**
 * Rows of cards, virtualized by row: only rows in (or near) the viewport exist in the DOM,
 * and only their pages are held, so 100,000 renders cost the same as a screenful.
 */
export function LibraryGrid({
  total,
  itemAt,
  onRange,
  resetKey = 0,
  renderItem,
  observeRect = observeElementRect,
}: LibraryGridProps) {
  const { t } = useTranslation('library');
  const scrollRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const columns = columnsFor(width);
  const rowCount = Math.ceil(total / columns);

  const observe = useCallback<ObserveRect>(
    (instance, callback) =>
      observeRect(instance, (rect) => {
        setWidth(rect.width);
        callback(rect);
      }),
    [observeRect],
  );

  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 2,
    observeElementRect: observe,
  });
  const rows = virtualizer.getVirtualItems();
  const firstShown = (rows[0]?.index ?? 0) * columns;
  const lastShown = Math.min(total - 1, ((rows.at(-1)?.index ?? 0) + 1) * columns - 1);
  useEffect(() => {
    onRange(firstShown, Math.max(firstShown, lastShown));
  }, [onRange, firstShown, lastShown]);

  // Roving tabindex: one card is in Tab order; arrow keys, Home and End move between cards.
  const [activeIndex, setActiveIndex] = useState(0);
  const [focusPending, setFocusPending] = useState(false);
  // A new list starts at its top, with its first card active.
  // biome-ignore lint/correctness/useExhaustiveDependencies: resetKey is the trigger
  useEffect(() => {
    setActiveIndex(0);
    scrollRef.current?.scrollTo?.({ top: 0 });
  }, [resetKey]);
  const active = Math.min(activeIndex, Math.max(0, total - 1));
  const activeId = itemAt(active)?.id;
  // The card to focus may wait for its page: this runs after every render until it is there.
  useEffect(() => {
    if (!focusPending || !activeId) return;
    const card = scrollRef.current?.querySelector<HTMLElement>(
      `[data-render-id="${CSS.escape(activeId)}"] .card-open`,
    );
    if (card) {
      card.focus();
      setFocusPending(false);
    }
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    // Arrows keep their meaning in the checkbox; the card's open button and star move.
    if (target instanceof HTMLInputElement) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT));
    const moves: Record<string, number> = {
      ArrowRight: active + 1,
      ArrowLeft: active - 1,
      ArrowDown: active + columns,
      ArrowUp: active - columns,
      PageDown: active + page * columns,
      PageUp: active - page * columns,
      Home: 0,
      End: total - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const clamped = Math.max(0, Math.min(total - 1, next));
    setActiveIndex(clamped);
    virtualizer.scrollToIndex(Math.floor(clamped / columns));
    setFocusPending(true);
  };

  // Focus arriving in a card (click, Tab back) makes it the active one.
  const onFocus = (event: { target: EventTarget }) => {
    const card = (event.target as HTMLElement).closest<HTMLElement>('[aria-posinset]');
    const index = Number(card?.getAttribute('aria-posinset') ?? 0) - 1;
    if (index >= 0 && index !== active) setActiveIndex(index);
  };

  const cell = (index: number) => {
    const view = itemAt(index);
    if (view) return renderItem(view, index + 1, index === active);
    return (
      // biome-ignore lint/a11y/useSemanticElements: a list item of the role="list" grid
      <div
        key={`loading-${index}`}
        className="card card-loading"
        role="listitem"
        aria-posinset={index + 1}
        aria-setsize={total}
        aria-busy="true"
      >
        <span className="visually-hidden">{t('cardLoading', { position: index + 1 })}</span>
      </div>
    );
  };

  return (
    <>
      {/* Outside the list: a list holds only its items. */}
      <span id="grid-keys" className="visually-hidden">
        {t('gridKeys')}
      </span>
      {/* A <ul> cannot hold the row wrappers virtualization needs, hence roles on divs. */}
      {/* biome-ignore lint/a11y/useSemanticElements: see above */}
      <div
        ref={scrollRef}
        className="grid-scroll"
        role="list"
        aria-label={t('gridLabel', { count: total })}
        aria-describedby="grid-keys"
        onKeyDown={onKeyDown}
        onFocus={onFocus}
      >
        <div className="grid-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((row) => {
            const start = row.index * columns;
            const end = Math.min(total, start + columns);
            const cells: ReactNode[] = [];
            for (let index = start; index < end; index++) cells.push(cell(index));
            return (
              <div
                key={row.key}
                className="grid-row"
                role="none"
                style={{
                  transform: `translateY(${row.start}px)`,
                  height: ROW_HEIGHT - GRID_GAP,
                  gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
                }}
              >
                {cells}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
