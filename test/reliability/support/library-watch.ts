import type { RenderManifest } from '../../../shared/job';
import { manifestsOnDisk } from '../../cli/helpers';

/** What the watch learnt about one render while it existed. */
export interface SeenRender {
  id: string;
  /** Every Idempotency-Key it carried (Retry of a run that failed moves to a new one). */
  keys: Set<string>;
  /** The newest manifest read. */
  last: RenderManifest;
}

export interface LibraryWatch {
  /** Every render seen so far, by id, including ones since deleted. */
  seen(): ReadonlyMap<string, SeenRender>;
  /** The manifests on disk at the last look. */
  current(): RenderManifest[];
  /** Reads the disk once more now (so nothing created just before is missed). */
  look(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Reads every render.json of a home every `everyMs` while processes work on it, so a render's
 * Idempotency-Keys are known even after it is deleted or retried under a new key: the audit
 * attributes each paid run to the render whose key its start carried.
 */
export function watchLibrary(home: string, everyMs = 20): LibraryWatch {
  const seen = new Map<string, SeenRender>();
  let current: RenderManifest[] = [];
  let stopped = false;

  async function look(): Promise<void> {
    const manifests = await manifestsOnDisk(home);
    for (const m of manifests) {
      const known = seen.get(m.id);
      if (known) {
        known.keys.add(m.idempotencyKey);
        if (m.updatedAt >= known.last.updatedAt) known.last = m;
      } else {
        seen.set(m.id, { id: m.id, keys: new Set([m.idempotencyKey]), last: m });
      }
    }
    current = manifests;
  }

  const loop = (async () => {
    while (!stopped) {
      await look();
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();

  return {
    seen: () => seen,
    current: () => current,
    look,
    async stop() {
      stopped = true;
      await loop;
      await look();
    },
  };
}
