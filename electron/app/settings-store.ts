import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { DEFAULT_SETTINGS, Settings } from '../../shared/settings';

/** Told why settings.json was not used (a missing file is normal and not reported). */
export type SettingsProblem = (message: string, fields: Record<string, unknown>) => void;

/** settings.json in the library home; a missing or unreadable file means defaults. */
export function createSettingsStore(home: string, onProblem: SettingsProblem = () => undefined) {
  const file = join(home, 'settings.json');
  let current: Settings | null = null;

  async function get(): Promise<Settings> {
    if (current) return current;
    try {
      const parsed = Settings.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (!parsed.success) onProblem('settings.json does not match; using defaults', { file });
      current = parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
    } catch (error) {
      // No file yet is the first run; anything else (bad JSON, no permission) is worth a line.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        onProblem('settings.json unreadable; using defaults', { file, err: error });
      }
      current = { ...DEFAULT_SETTINGS };
    }
    return current;
  }

  async function update(patch: Partial<Settings>): Promise<Settings> {
    const next = Settings.parse({ ...(await get()), ...patch });
    await writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
    current = next;
    return next;
  }

  return { get, update };
}
export type SettingsStore = ReturnType<typeof createSettingsStore>;
