import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { MANIFEST_SCHEMA_VERSION, RenderManifest } from '../../shared/job';
import { describeIssues } from '../../shared/render-request';
import { withDiskErrors } from './disk-errors';
import { manifestPath } from './layout';

export type ManifestRead =
  | { kind: 'ok'; manifest: RenderManifest }
  | { kind: 'missing' }
  | { kind: 'invalid'; problem: string };

/** Reads and validates one render.json; never throws for a bad file, it says what is wrong. */
export async function readManifestFile(home: string, id: string): Promise<ManifestRead> {
  let text: string;
  try {
    text = await readFile(manifestPath(home, id), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return {
      kind: 'invalid',
      problem: `Render ${id}: render.json could not be read (${errorCode(error)})`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid', problem: `Render ${id}: render.json is not valid JSON; skipped` };
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== MANIFEST_SCHEMA_VERSION) {
    return {
      kind: 'invalid',
      problem: `Render ${id}: render.json has schema version ${String(version)}, this app reads version ${MANIFEST_SCHEMA_VERSION} (written by another version of Kling Studio?); skipped`,
    };
  }
  const parsed = RenderManifest.safeParse(json);
  if (!parsed.success) {
    return {
      kind: 'invalid',
      problem: `Render ${id}: render.json is invalid (${describeIssues(parsed.error)}); skipped`,
    };
  }
  if (parsed.data.id !== id) {
    return {
      kind: 'invalid',
      problem: `Render ${id}: render.json belongs to render ${parsed.data.id}; skipped`,
    };
  }
  return { kind: 'ok', manifest: parsed.data };
}

/** Atomic (temp file + rename), so a crash leaves either the old or the new manifest. */
export async function writeManifestFile(home: string, manifest: RenderManifest): Promise<void> {
  const path = manifestPath(home, manifest.id);
  await withDiskErrors(path, () => writeFileAtomic(path, `${JSON.stringify(manifest, null, 2)}\n`));
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'unknown error';
