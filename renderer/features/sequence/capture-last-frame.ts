const CAPTURE_TIMEOUT_MS = 30_000;

/**
 * The last frame of a video as a full-resolution PNG data: URL, decoded by Chromium (the
 * core has no video decoder): a detached <video> seeks to its end and a canvas the size of
 * the video copies that frame. crossOrigin keeps the canvas untainted for app:// media.
 */
export function captureLastFrame(videoUrl: string): Promise<string> {
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  video.crossOrigin = 'anonymous';
  video.playsInline = true;

  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error('The video took too long to load its last frame')),
      CAPTURE_TIMEOUT_MS,
    );
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
        if (!Number.isFinite(video.duration) || video.duration <= 0) {
          finish(new Error('The video has no length to seek in'));
          return;
        }
        // Seeking to the very end shows the final frame (nothing plays past it).
        video.currentTime = video.duration;
      },
      { once: true },
    );
    video.addEventListener(
      'seeked',
      () => {
        try {
          if (!video.videoWidth || !video.videoHeight) throw new Error('The video has no picture');
          const canvas = document.createElement('canvas');
          canvas.width = video.videoWidth;
          canvas.height = video.videoHeight;
          const context = canvas.getContext('2d');
          if (!context) throw new Error('No 2D canvas available');
          context.drawImage(video, 0, 0, canvas.width, canvas.height);
          finish(canvas.toDataURL('image/png'));
        } catch (error) {
          finish(error instanceof Error ? error : new Error(String(error)));
        }
      },
      { once: true },
    );
    video.src = videoUrl;
  });
}
