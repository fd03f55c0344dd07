import { coreSaid, stateParam } from '../../shared/core-messages';
import { coreError, KlingError, renderNotFound } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import { VideoUrl } from '../../shared/render-request';
import { probeVideoUrl, type VideoProbe, type VideoProbeDeps } from '../weshop/video-probe';

/** One video of a render in the library (videoIndex 0-based). */
export interface LibraryVideoRef {
  id: string;
  videoIndex: number;
}

export interface LibraryVideoDeps {
  read(id: string): Promise<RenderManifest | null>;
  probe?: VideoProbeDeps;
}

const REF = /^render:([a-z0-9-]{6,64})(?:#(\d{1,2}))?$/;

/**
 * `render:<id>` or `render:<id>#n` (n counted from 1, as the library shows videos): a library
 * render's video named where a reference video URL is asked for. Null for anything else.
 */
export function parseRenderVideoRef(text: string): LibraryVideoRef | null {
  const match = REF.exec(text.trim());
  if (!match) return null;
  const n = match[2] === undefined ? 1 : Number(match[2]);
  return n >= 1 ? { id: match[1] as string, videoIndex: n - 1 } : null;
}

/**
 * Whether a library render's WeShop video link still answers (checked without the key:
 * weshop/video-probe.ts). An unknown render or video is an error; a link that no longer
 * answers is a VideoProbe with ok false and the message to show.
 */
export async function checkLibraryVideo(
  deps: LibraryVideoDeps,
  ref: LibraryVideoRef,
): Promise<VideoProbe> {
  const manifest = await deps.read(ref.id);
  if (!manifest) throw renderNotFound(ref.id);
  const video = manifest.videos.find((v) => v.index === ref.videoIndex);
  if (!video?.url) {
    const number = ref.videoIndex + 1;
    throw manifest.videos.length
      ? coreError('invalid-input', 'noVideoNumber', {
          id: ref.id,
          number,
          count: manifest.videos.length,
        })
      : coreError('invalid-input', 'noVideoNumberState', {
          id: ref.id,
          number,
          state: stateParam(manifest.state),
        });
  }
  const allowed = VideoUrl.safeParse(video.url);
  if (!allowed.success) {
    const said = coreSaid('videoNoFetchableLink', {
      id: ref.id,
      number: ref.videoIndex + 1,
      url: video.url,
    });
    return { ok: false, url: video.url, message: said.text, messageRef: said.ref };
  }
  return probeVideoUrl(allowed.data, deps.probe);
}

/**
 * A reference video as typed (`--ref-video`): a `render:<id>[#n]` becomes that render's
 * WeShop video URL once it is seen to answer (else invalid-input with the reason, before any
 * request to WeShop); any other text is returned as it is, for the request schema to judge.
 */
export async function resolveReferenceVideo(text: string, deps: LibraryVideoDeps): Promise<string> {
  const ref = parseRenderVideoRef(text);
  if (!ref) return text;
  const probe = await checkLibraryVideo(deps, ref);
  if (!probe.ok) {
    throw new KlingError('invalid-input', probe.message, {
      ...(probe.messageRef ? { messageRef: probe.messageRef } : {}),
    });
  }
  return probe.url;
}
