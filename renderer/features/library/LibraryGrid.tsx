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
  items: readonly RenderView[];
  /** `active`: the one card in Tab order (roving tabindex); arrows move between cards. */
  renderItem: (view: RenderView, position: number, active: boolean) => ReactNode;
  observeRect?: ObserveRect;
}

/**
 * Rows of cards, virtualized by row: only rows in (or near) the viewport exist in the DOM,
 * so 10,000 renders cost the same as a screenful.
 */
export function LibraryGrid({
  items,
  renderItem,
  observeRect = observeElementRect,
}: LibraryGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const columns = columnsFor(width);
  const rowCount = Math.ceil(items.length / columns);

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

  // Roving tabindex: one card is in Tab order; arrow keys, Home and End move between cards.
  const [activeIndex, setActiveIndex] = useState(0);
  const [focusPending, setFocusPending] = useState(false);
  const active = Math.min(activeIndex, Math.max(0, items.length - 1));
  const activeId = items[active]?.id;
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
    const moves: Record<string, number> = {
      ArrowRight: active + 1,
      ArrowLeft: active - 1,
      ArrowDown: active + columns,
      ArrowUp: active - columns,
      Home: 0,
      End: items.length - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const clamped = Math.max(0, Math.min(items.length - 1, next));
    setActiveIndex(clamped);
    virtualizer.scrollToIndex(Math.floor(clamped / columns));
    setFocusPending(true);
  };

  // Focus arriving in a card (click, Tab back) makes it the active one.
  const onFocus = (event: { target: EventTarget }) => {
    const id = (event.target as HTMLElement).closest<HTMLElement>('[data-render-id]')?.dataset
      .renderId;
    const index = id ? items.findIndex((view) => view.id === id) : -1;
    if (index >= 0 && index !== active) setActiveIndex(index);
  };

  return (
    <>
      {/* Outside the list: a list holds only its items. */}
      <span id="grid-keys" className="visually-hidden">
        Arrow keys move between renders.
      </span>
      {/* A <ul> cannot hold the row wrappers virtualization needs, hence roles on divs. */}
      {/* biome-ignore lint/a11y/useSemanticElements: see above */}
      <div
        ref={scrollRef}
        className="grid-scroll"
        role="list"
        aria-label={`Renders, ${items.length} in this view`}
        aria-describedby="grid-keys"
        onKeyDown={onKeyDown}
        onFocus={onFocus}
      >
        <div className="grid-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const start = row.index * columns;
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
                {items
                  .slice(start, start + columns)
                  .map((view, offset) =>
                    renderItem(view, start + offset + 1, start + offset === active),
                  )}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
