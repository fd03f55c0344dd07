import { writeFileSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';

/*
 * Test-only, loaded into a CLI process with `node --import tsx --import <this file>` (never
 * bundled): holds the process between saving a picture's uploaded URL and saving startSentAt,
 * the way a disk that stops answering would hold it. Every change to render.json begins by
 * reading it; once a render.json read shows an uploaded URL but no start sent, that read (and
 * every later one) never returns, and the file named by KLING_TEST_HOLD_MARK is written with the
 * render.json path so the test knows the process is held there. The process does nothing else
 * between those two saves, so nothing reaches WeShop until it is killed.
 */
const mark = process.env.KLING_TEST_HOLD_MARK;
if (mark) {
  const readFile = fsPromises.readFile;
  let holding = false;
  const held = (path: unknown, text: unknown): boolean => {
    if (typeof path !== 'string' || !path.endsWith('render.json')) return false;
    if (holding) return true;
    if (typeof text !== 'string') return false;
    try {
      const m = JSON.parse(text) as { uploadedImageUrl?: unknown; startSentAt?: unknown };
      holding = typeof m.uploadedImageUrl === 'string' && m.startSentAt === undefined;
    } catch {
      return false; // a half-read file is the reader's problem, not a point to hold at
    }
    if (holding) {
      writeFileSync(mark, path);
      // A read stuck on a disk keeps a process alive; this one holds a promise only.
      setInterval(() => undefined, 60_000);
    }
    return holding;
  };
  const holdingRead = (async (...args: Parameters<typeof readFile>) => {
    const result = await readFile(...args);
    if (held(args[0], result)) return new Promise<never>(() => undefined);
    return result;
  }) as typeof readFile;
  fsPromises.readFile = holdingRead;
  // ESM importers of node:fs/promises see the replacement too.
  syncBuiltinESMExports();
}
