import { fileURLToPath } from 'node:url';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Real, playable fixtures (see fixtures/make-fixtures.sh); other tests may use them too. */
export const FIXTURES = {
  /** Three distinct 1 s 320x240 H.264 (High, yuv420p) MP4 clips. */
  videos: [fixture('clip-a.mp4'), fixture('clip-b.mp4'), fixture('clip-c.mp4')] as const,
  /** A 1 s 480x360 H.264 clip whose frames are valid uploads (Continue from the last frame). */
  largeVideo: fixture('clip-480x360.mp4'),
  /** largeVideo's last frame (PNG): every `lastFrame` result when lastFrames is on. */
  largeVideoLastFrame: fixture('clip-480x360-last.png'),
  /** 320x240 JPEG served as every videoPoster. */
  poster: fixture('poster.jpg'),
  /** 320x320 PNG, a valid upload. */
  pngImage: fixture('input.png'),
  /** 400x300 JPEG, a valid upload. */
  jpegImage: fixture('input.jpg'),
} as const;
