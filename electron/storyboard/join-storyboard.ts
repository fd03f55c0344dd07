import { join } from 'node:path';
import { KlingError } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { currentJoin, type JoinedStoryboard, type Storyboard } from '../../shared/storyboard';
import { findJoinTools, type JoinTools, joinClips } from './join-clips';
import type { StoryboardStore } from './storyboard-store';

export interface JoinDeps {
  store: StoryboardStore;
  readRender(id: string): Promise<RenderManifest | null>;
  renderFolder(id: string): string;
  env: Record<string, string | undefined>;
  /** Where ffmpeg is looked for (tests inject one); default findJoinTools(env). */
  findTools?: (env: Record<string, string | undefined>) => Promise<JoinTools>;
  fileExists(path: string): Promise<boolean>;
}

export async function readStoryboard(store: StoryboardStore, id: string): Promise<Storyboard> {
  const storyboard = await store.read(id);
  if (!storyboard) {
    throw new KlingError(
      'not-found',
      `No storyboard with id ${id} in this library (see \`kling-studio list\`)`,
    );
  }
  return storyboard;
}

/** Each transition's first video on disk, in play order; refused naming every one not done. */
export async function transitionClips(
  deps: Pick<JoinDeps, 'readRender' | 'renderFolder'>,
  storyboard: Storyboard,
): Promise<string[]> {
  const clips: string[] = [];
  const problems: string[] = [];
  for (const [i, transition] of storyboard.transitions.entries()) {
    const manifest = await deps.readRender(transition.renderId);
    const file = manifest?.videos.find((v) => v.file)?.file;
    if (!manifest) problems.push(`transition ${i + 1}'s render ${transition.renderId} is gone`);
    else if (manifest.state !== 'done' || !file)
      problems.push(
        `transition ${i + 1} is ${manifest.state}${manifest.state === 'failed' || manifest.state === 'canceled' ? ' (re-render it)' : ''}`,
      );
    else clips.push(join(deps.renderFolder(transition.renderId), file));
  }
  if (problems.length) {
    throw new KlingError(
      'invalid-input',
      `Not every transition is done: ${problems.join(', ')}. The joined MP4 is made once all ${storyboard.transitions.length} are`,
    );
  }
  return clips;
}

/**
 * "Export joined MP4": every transition's clip in order, joined into one MP4 in the
 * storyboard's folder (remuxed when the clips match, re-encoded with ffmpeg when they do
 * not, and said so). A join of exactly these renders made before is reused.
 */
export async function joinStoryboard(deps: JoinDeps, id: string): Promise<JoinedStoryboard> {
  const storyboard = await readStoryboard(deps.store, id);
  const clips = await transitionClips(deps, storyboard);
  const made = currentJoin(storyboard);
  if (made && (await deps.fileExists(made))) {
    return {
      file: made,
      reencoded: storyboard.joined?.reencoded ?? false,
      message: `Joined MP4 of the ${clips.length} transitions: ${made}`,
    };
  }
  const tools = await (deps.findTools ?? findJoinTools)(deps.env);
  const result = await joinClips({
    tools,
    clips,
    folder: deps.store.folderOf(id),
    baseName: 'storyboard',
    reencode: true,
  });
  await deps.store.update(id, (current) => ({
    ...current,
    joined: {
      file: result.file,
      renderIds: storyboard.transitions.map((t) => t.renderId),
      reencoded: result.reencoded,
      at: new Date().toISOString(),
    },
  }));
  const message = result.reencoded
    ? `Joined ${clips.length} clips into ${result.file}, re-encoded because ${result.mismatch}`
    : `Joined ${clips.length} clips into ${result.file} without re-encoding`;
  return { file: result.file, reencoded: result.reencoded, message };
}
