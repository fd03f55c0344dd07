/**
 * Which Library card plays its preview: at most one at a time. A card asks when the pointer
 * enters it or it gets focus; after a short delay (so sweeping the pointer across the grid
 * starts nothing) it becomes the one playing, and whatever played before stops. Leaving or
 * losing focus stops it. Plain module (timers injected) so it is tested without a DOM.
 */
export interface HoverPreview {
  enter(id: string): void;
  leave(id: string): void;
  /** The id whose preview plays now, or null. */
  current(): string | null;
  subscribe(listener: () => void): () => void;
  dispose(): void;
}

export interface HoverPreviewOptions {
  delayMs?: number;
  /**
   * True when the user asked the system for reduced motion: then nothing plays by itself
   * (a preview on hover is motion the user did not ask for); the card keeps its still image.
   */
  prefersReducedMotion?: () => boolean;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export const HOVER_PREVIEW_DELAY_MS = 400;

const systemPrefersReducedMotion = () =>
  typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

export function createHoverPreview(options: HoverPreviewOptions = {}): HoverPreview {
  const delayMs = options.delayMs ?? HOVER_PREVIEW_DELAY_MS;
  const reducedMotion = options.prefersReducedMotion ?? systemPrefersReducedMotion;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer =
    options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  let playing: string | null = null;
  let pending: { id: string; timer: unknown } | null = null;
  const listeners = new Set<() => void>();

  const set = (id: string | null) => {
    if (playing === id) return;
    playing = id;
    for (const listener of listeners) listener();
  };
  const cancelPending = () => {
    if (pending) clearTimer(pending.timer);
    pending = null;
  };

  return {
    enter(id) {
      if (reducedMotion()) return;
      if (playing === id || pending?.id === id) return;
      cancelPending();
      const timer = setTimer(() => {
        pending = null;
        set(id);
      }, delayMs);
      pending = { id, timer };
    },
    leave(id) {
      if (pending?.id === id) cancelPending();
      if (playing === id) set(null);
    },
    current: () => playing,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      cancelPending();
      playing = null;
      listeners.clear();
    },
  };
}
