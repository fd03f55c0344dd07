import type { RenderView } from '../../shared/job';

/**
 * The Library holds pages of its list, never the list: the grid asks the core for the pages
 * it shows (and one either side), and pages far from the viewport are dropped, so the
 * renderer's memory is bounded by the window, not by the library (100,000 renders).
 */
export const PAGE_SIZE = 60;
/** Pages kept beyond the ones on screen before they are dropped (scrolling back is instant). */
export const KEEP_PAGES = 3;

/** Page number → its renders, in the core's order. */
export type LibraryPages = Readonly<Record<number, readonly RenderView[]>>;

export const pageOf = (index: number): number => Math.floor(index / PAGE_SIZE);

/** The render at a position of the whole list, when its page is held. */
export function itemAt(pages: LibraryPages, index: number): RenderView | undefined {
  return pages[pageOf(index)]?.[index % PAGE_SIZE];
}

const heldPageNumbers = (pages: LibraryPages): number[] =>
  Object.keys(pages)
    .map(Number)
    .sort((a, b) => a - b);

/** Every held render in list order (a window of the list; for lookups and tests). */
export function heldItems(pages: LibraryPages): RenderView[] {
  return heldPageNumbers(pages).flatMap((page) => pages[page] ?? []);
}

export const heldPages = heldPageNumbers;

/** The pages that cover positions first..last, one more either side, within the list. */
export function pagesFor(first: number, last: number, total: number): number[] {
  if (total <= 0) return [0];
  const lastPage = pageOf(total - 1);
  const from = Math.max(0, pageOf(Math.max(0, first)) - 1);
  const to = Math.min(lastPage, pageOf(Math.max(first, last)) + 1);
  const pages: number[] = [];
  for (let page = from; page <= to; page++) pages.push(page);
  return pages;
}

/** Whether a page is close enough to the shown range to be kept (or stored when it arrives). */
export function isNear(page: number, first: number, last: number): boolean {
  return page >= pageOf(first) - KEEP_PAGES && page <= pageOf(last) + KEEP_PAGES;
}

/** The pages near positions first..last, and those within the list's length; null if unchanged. */
export function keepNear(
  pages: LibraryPages,
  first: number,
  last: number,
  total: number,
): LibraryPages | null {
  const lastPage = total > 0 ? pageOf(total - 1) : 0;
  const kept = heldPageNumbers(pages).filter(
    (page) => page <= lastPage && isNear(page, first, last),
  );
  if (kept.length === heldPageNumbers(pages).length) return null;
  return Object.fromEntries(kept.map((page) => [page, pages[page] ?? []]));
}

/** The held render with this id (a card opened, picked for Compare). */
export function findHeld(pages: LibraryPages, id: string): RenderView | undefined {
  for (const page of Object.values(pages)) {
    const found = page.find((view) => view.id === id);
    if (found) return found;
  }
  return undefined;
}

/** Newer copies of held renders (job:update, a favourite, a thumbnail); null if none is held. */
export function patchPages(pages: LibraryPages, views: readonly RenderView[]): LibraryPages | null {
  const byId = new Map(views.map((view) => [view.id, view]));
  let changed = false;
  const next: Record<number, readonly RenderView[]> = {};
  for (const page of heldPageNumbers(pages)) {
    const items = pages[page] ?? [];
    if (items.some((view) => byId.has(view.id))) {
      changed = true;
      next[page] = items.map((view) => byId.get(view.id) ?? view);
    } else next[page] = items;
  }
  return changed ? next : null;
}

/** The pages without one render (deleted, or waiting out its Undo); null if it is not held. */
export function removeFromPages(pages: LibraryPages, id: string): LibraryPages | null {
  const next: Record<number, readonly RenderView[]> = {};
  let found = false;
  for (const page of heldPageNumbers(pages)) {
    const items = pages[page] ?? [];
    const kept = items.filter((view) => view.id !== id);
    found ||= kept.length !== items.length;
    next[page] = kept;
  }
  return found ? next : null;
}
