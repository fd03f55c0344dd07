const THUMBNAIL_WIDTH = 320;
const CAPTURE_TIMEOUT_MS = 20_000;

/**
 * The first frame of a video as a ~320 px wide JPEG data: URL, made in the renderer with a
 * detached <video> and a canvas (the core has no video decoder). crossOrigin is set so the
 * canvas is not tainted when media comes from the app's media protocol.
 */
export function captureFirstFrame(videoUrl: string, width = THUMBNAIL_WIDTH): Promise<string> {
  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  video.crossOrigin = 'anonymous';
  video.playsInline = true;

  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error('The video took too long to load for a thumbnail')),
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
    video.addEventListener('loadeddata', () => {
      // Seeking a hair past 0 makes browsers paint a real frame, not a black one.
      video.currentTime = Math.min(0.05, (video.duration || 1) / 2);
    });
    video.addEventListener('seeked', () => {
      try {
        if (!video.videoWidth || !video.videoHeight) throw new Error('The video has no picture');
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = Math.max(1, Math.round((width * video.videoHeight) / video.videoWidth));
        const context = canvas.getContext('2d');
        if (!context) throw new Error('No 2D canvas available');
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        finish(canvas.toDataURL('image/jpeg', 0.8));
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
      }
    });
    video.src = videoUrl;
  });
}
