import { coreError, KlingError } from '../../shared/errors';
import { issuesSaid } from '../../shared/issues-said';
import { Preset, PresetDraft, PresetFile } from '../../shared/presets';
import { describeIssues } from '../../shared/render-request';
import { type FileProblem, lockedJsonFile } from './locked-json-file';

const sameName = (a: string, b: string) => a.toLowerCase() === b.trim().toLowerCase();

/** presets.json in the library home: named presets, shared by the app and the CLI. */
export function createPresetStore(options: {
  home: string;
  onProblem: FileProblem;
  now?: () => Date;
}) {
  const now = options.now ?? (() => new Date());
  const file = lockedJsonFile<PresetFile>({
    home: options.home,
    fileName: 'presets.json',
    schema: PresetFile,
    empty: () => ({ version: 1, presets: [] }),
    onProblem: options.onProblem,
  });

  async function list(): Promise<Preset[]> {
    const { presets } = await file.read();
    return [...presets].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The preset with that name (case-insensitive), or a not-found error naming the choices. */
  async function get(name: string): Promise<Preset> {
    const presets = await list();
    const found = presets.find((preset) => sameName(preset.name, name));
    if (found) return found;
    const known = presets.map((preset) => preset.name).join(', ');
    throw known
      ? coreError('not-found', 'presetNotFoundKnown', { name, known })
      : coreError('not-found', 'presetNotFoundNone', { name });
  }

  /** Saves a new preset or replaces the one with the same name (case-insensitive). */
  async function save(draft: unknown): Promise<Preset> {
    const parsed = PresetDraft.safeParse(draft);
    if (!parsed.success) {
      // Its checks' ids beside the English, so the app says them in its language.
      const said = issuesSaid(parsed.error.issues);
      throw new KlingError('invalid-input', describeIssues(parsed.error), {
        ...(said ? { messageRef: said.ref } : {}),
      });
    }
    const preset = Preset.parse({ ...parsed.data, updatedAt: now().toISOString() });
    return file.update(({ presets }) => ({
      next: {
        version: 1,
        presets: [...presets.filter((p) => !sameName(p.name, preset.name)), preset],
      },
      result: preset,
    }));
  }

  /** Deletes the named preset; not-found when there is none. */
  async function remove(name: string): Promise<void> {
    const removed = await file.update(({ presets }) => {
      const kept = presets.filter((p) => !sameName(p.name, name));
      return { next: { version: 1, presets: kept }, result: kept.length < presets.length };
    });
    if (!removed) throw coreError('not-found', 'presetNotFound', { name });
  }

  return { list, get, save, remove };
}
