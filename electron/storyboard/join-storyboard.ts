import { join } from 'node:path';
import {
  type CoreMessageId,
  coreSaid,
  type Said,
  saidParam,
  stateParam,
} from '../../shared/core-messages';
import { coreError } from '../../shared/errors';
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
    throw coreError('not-found', 'storyboardNotFound', { id });
  }
  return storyboard;
}

/** Each transition's first video on disk, in play order; refused naming every one not done. */
export async function transitionClips(
  deps: Pick<JoinDeps, 'readRender' | 'renderFolder'>,
  storyboard: Storyboard,
): Promise<string[]> {
  const clips: string[] = [];
  const problems: Said[] = [];
  for (const [i, transition] of storyboard.transitions.entries()) {
    const manifest = await deps.readRender(transition.renderId);
    const file = manifest?.videos.find((v) => v.file)?.file;
    const number = i + 1;
    if (!manifest) {
      problems.push(coreSaid('transitionGone', { number, render: transition.renderId }));
    } else if (manifest.state !== 'done' || !file) {
      const ended = manifest.state === 'failed' || manifest.state === 'canceled';
      const id: CoreMessageId = ended ? 'transitionRerender' : 'transitionState';
      problems.push(coreSaid(id, { number, state: stateParam(manifest.state) }));
    } else clips.push(join(deps.renderFolder(transition.renderId), file));
  }
  const listed = problems.reduce<Said | undefined>(
    (first, next) =>
      first
        ? coreSaid('nextInCommaList', { first: saidParam(first), next: saidParam(next) })
        : next,
    undefined,
  );
  if (listed) {
    throw coreError('invalid-input', 'transitionsNotDone', {
      problems: saidParam(listed),
      count: storyboard.transitions.length,
    });
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
    const said = coreSaid('joinedAgain', { count: clips.length, file: made });
    return {
      file: made,
      reencoded: storyboard.joined?.reencoded ?? false,
      message: said.text,
      messageRef: said.ref,
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
  const joined = { count: clips.length, file: result.file };
  const said = result.mismatch
    ? coreSaid('joinedReencoded', { ...joined, mismatch: saidParam(result.mismatch) })
    : coreSaid('joinedAsTheyAre', joined);
  return {
    file: result.file,
    reencoded: result.reencoded,
    message: said.text,
    messageRef: said.ref,
  };
}
