import {
  observeElementRect,
  type Rect,
  useVirtualizer,
  type Virtualizer,
} from '@tanstack/react-virtual';
import { type ReactNode, useCallback, useRef, useState } from 'react';
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
  renderItem: (view: RenderView, position: number) => ReactNode;
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

  return (
    // A <ul> cannot hold the row wrappers virtualization needs, hence roles on divs.
    // biome-ignore lint/a11y/useSemanticElements: see above
    <div
      ref={scrollRef}
      className="grid-scroll"
      role="list"
      aria-label={`Renders, ${items.length} in this view`}
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
                .map((view, offset) => renderItem(view, start + offset + 1))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
