/** Which frame to take and how to encode it (see captureFirstFrame, captureLastFrame). */
export interface FrameCapture {
  /** The time to seek to once the video's data has loaded; an Error when there is none. */
  seekTo(duration: number): number | Error;
  /** The canvas size for the video's own size. */
  size(videoWidth: number, videoHeight: number): { width: number; height: number };
  type: 'image/jpeg' | 'image/png';
  quality?: number;
  timeoutMs: number;
  /** What the error says when the video takes longer than timeoutMs. */
  tooSlow: string;
}

/**
 * One frame of a video as a data: URL, decoded in the renderer (the core has no video
 * decoder): a detached <video> seeks, a canvas copies the frame. crossOrigin keeps the canvas
 * untainted for media from the app's media protocol. The video is unloaded either way.
 */
export function captureVideoFrame(videoUrl: string, capture: FrameCapture): Promise<string> {
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  video.crossOrigin = 'anonymous';
  video.playsInline = true;

  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(capture.tooSlow)), capture.timeoutMs);
    function finish(result: Error | string) {
      clearTimeout(timer);
      video.removeAttribute('src');
      video.load();
      if (typeof result === 'string') resolve(result);
      else reject(result);
    }
    video.addEventListener('error', () => finish(new Error('The video could not be decoded')));
    video.addEventListener(
      'loadeddata',
      () => {
        const at = capture.seekTo(video.duration);
        if (at instanceof Error) finish(at);
        else video.currentTime = at;
      },
      { once: true },
    );
    video.addEventListener(
      'seeked',
      () => {
        try {
          if (!video.videoWidth || !video.videoHeight) throw new Error('The video has no picture');
          const canvas = document.createElement('canvas');
          const { width, height } = capture.size(video.videoWidth, video.videoHeight);
          canvas.width = width;
          canvas.height = height;
          const context = canvas.getContext('2d');
          if (!context) throw new Error('No 2D canvas available');
          context.drawImage(video, 0, 0, canvas.width, canvas.height);
          finish(canvas.toDataURL(capture.type, capture.quality));
        } catch (error) {
          finish(error instanceof Error ? error : new Error(String(error)));
        }
      },
      { once: true },
    );
    video.src = videoUrl;
  });
}
