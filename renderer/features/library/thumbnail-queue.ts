export interface ThumbnailQueueDeps {
  /** Makes a JPEG data: URL from a video's first frame. */
  capture(videoUrl: string): Promise<string>;
  save(id: string, dataUrl: string): Promise<void>;
  onError?(id: string, error: unknown): void;
}

export interface ThumbnailQueue {
  /** Ask for a thumbnail (a card became visible); repeated asks for the same id are ignored. */
  request(id: string, videoUrl: string): void;
  /** The card scrolled away before its turn: drop the request. */
  cancel(id: string): void;
  /** Drop everything still waiting (the Library closed). */
  clearPending(): void;
  /** Resolves when nothing is running or waiting (for tests and shutdown). */
  idle(): Promise<void>;
}

/**
 * Captures thumbnails one at a time: decoding videos is heavy, and a fast scroll through a
 * big library must not start hundreds at once. Each id is tried once per session; a video
 * that cannot be decoded keeps its placeholder instead of being retried on every scroll.
 */
export function createThumbnailQueue(deps: ThumbnailQueueDeps): ThumbnailQueue {
  const waiting = new Map<string, string>();
  const tried = new Set<string>();
  let running: Promise<void> | null = null;

  async function drain(): Promise<void> {
    for (let next = waiting.entries().next(); !next.done; next = waiting.entries().next()) {
      const [id, url] = next.value;
      waiting.delete(id);
      tried.add(id);
      try {
        await deps.save(id, await deps.capture(url));
      } catch (error) {
        deps.onError?.(id, error);
      }
    }
  }

  function pump(): void {
    if (running) return;
    running = drain().finally(() => {
      running = null;
      // A request that arrived while the last capture was settling starts a new round.
      if (waiting.size > 0) pump();
    });
  }

  return {
    request(id, videoUrl) {
      if (tried.has(id) || waiting.has(id)) return;
      waiting.set(id, videoUrl);
      pump();
    },
    cancel(id) {
      waiting.delete(id);
    },
    clearPending() {
      waiting.clear();
    },
    async idle() {
      while (running) await running;
    },
  };
}
