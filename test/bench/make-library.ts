import { copyFile, link, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newRenderId } from '../../electron/library/ids';
import {
  manifestPath,
  renderDir,
  THUMBNAIL_FILE,
  videoFileName,
} from '../../electron/library/layout';
import { createLibrary } from '../../electron/library/library';
import { mapLimit } from '../../electron/library/serialize';
import { MANIFEST_SCHEMA_VERSION, RenderManifest } from '../../shared/job';
import { MODEL_CATALOGUE, ModelName } from '../../shared/models';
import { FIXTURES } from '../emulator/fixtures';
import { seededRandom } from './stats';

/** Models a first-frame picture and a prompt are enough for (no reference video asked). */
const PLAIN_MODELS = ModelName.options.filter(
  (model) => MODEL_CATALOGUE[model].referenceVideo !== 'required',
);

const SUBJECTS = ['a cat', 'the harbour', 'a red kite', 'her hair', 'the city at night', 'waves'];
const MOTIONS = ['slowly turns', 'drifts left', 'dolly-in', 'pans across', 'zooms out', 'sways'];

/** A done render as the engine leaves it: one video and a thumbnail in its folder. */
function manifestFor(i: number, random: () => number, videoBytes: number): RenderManifest {
  const created = new Date(Date.parse('2024-01-01T00:00:00Z') + i * 47 * 60_000);
  const done = new Date(created.getTime() + 190_000);
  const model = PLAIN_MODELS[i % PLAIN_MODELS.length] ?? 'Kling_3_0';
  const id = newRenderId(created, random);
  const at = (ms: number) => new Date(created.getTime() + ms).toISOString();
  return RenderManifest.parse({
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    id,
    createdAt: created.toISOString(),
    updatedAt: done.toISOString(),
    request: {
      image: `/home/user/Pictures/ref-${i % 97}.png`,
      prompt: `${SUBJECTS[i % SUBJECTS.length]} ${MOTIONS[i % MOTIONS.length]}, take ${i}`,
      model,
      duration: '5s',
      generateAudio: false,
      batchCount: 1,
    },
    idempotencyKey: crypto.randomUUID(),
    uploadedImageUrl: `https://cdn.weshop.example/uploads/${i}.png`,
    startSentAt: at(2_000),
    executionId: `exec${i}`,
    state: 'done',
    remoteState: 'Success',
    history: [
      { state: 'queued', at: at(0) },
      { state: 'uploading', at: at(500) },
      { state: 'starting', at: at(2_000) },
      { state: 'running', at: at(2_500), remoteState: 'Pending' },
      { state: 'downloading', at: at(185_000), remoteState: 'Success' },
      { state: 'done', at: done.toISOString() },
    ],
    credits: { powerConsumption: 10, powerBalanceAmount: 1_000 - (i % 1_000) },
    videos: [
      {
        index: 0,
        url: `https://cdn.weshop.example/videos/exec${i}/0.mp4`,
        file: videoFileName(0),
        bytes: videoBytes,
      },
    ],
    thumbnailFile: THUMBNAIL_FILE,
    favourite: i % 13 === 0,
  });
}

/** Hard link (cheap for 10,000 renders), or a copy where links are not possible. */
async function linkOrCopy(source: string, target: string): Promise<void> {
  await link(source, target).catch(() => copyFile(source, target));
}

/**
 * Writes `count` valid renders straight to disk (render.json written as the library writes
 * it, a real MP4 and a JPEG thumbnail each), then lets the library index them once, as the
 * app does when it meets a library without index.json.
 */
export async function makeLibrary(home: string, count: number): Promise<void> {
  const media = join(home, 'fixture-media');
  await mkdir(media, { recursive: true });
  const video = join(media, 'clip.mp4');
  const thumbnail = join(media, 'thumbnail.jpg');
  // Links point at private copies, never at the fixtures in the repository.
  await copyFile(FIXTURES.videos[0], video);
  await copyFile(FIXTURES.poster, thumbnail);
  const { size } = await stat(video);
  const random = seededRandom(20_250_301);
  const manifests = Array.from({ length: count }, (_, i) => manifestFor(i, random, size));
  await mapLimit(manifests, 32, async (m) => {
    const folder = renderDir(home, m.id);
    await mkdir(folder, { recursive: true });
    await writeFile(manifestPath(home, m.id), `${JSON.stringify(m, null, 2)}\n`);
    await linkOrCopy(video, join(folder, videoFileName(0)));
    await linkOrCopy(thumbnail, join(folder, THUMBNAIL_FILE));
  });
  const library = createLibrary({ home });
  const { total } = await library.list({ limit: 1 });
  await library.close();
  if (total !== count) throw new Error(`the library indexed ${total} of ${count} renders`);
}
