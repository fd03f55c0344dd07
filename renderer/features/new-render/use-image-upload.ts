import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ImageInfo } from '../../../shared/ipc';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { type PictureSlot, selectPicture } from '../../store/pictures';

const PICTURE_SLOTS: readonly PictureSlot[] = ['image', 'endFrame', 'more1', 'more2', 'more3'];

/** The picked image's trip to WeShop, as New render shows it. */
export type ImageUploadState =
  | { status: 'idle' }
  | { status: 'uploading' }
  | { status: 'uploaded'; reused: boolean }
  | { status: 'failed'; message: string };

/**
 * Uploads a picked image in the background as soon as it is checked (image:prepare), so
 * Queue render only has to send the start: a job queued while this upload runs waits for the
 * same upload in main, and the library's upload cache makes a later render of the same
 * picture skip it. Picking another image (or leaving the screen) only stops listening: the
 * upload in main goes on and lands in the cache, nothing is left half-done.
 */
export interface ImageUpload {
  state: ImageUploadState;
  retry: () => void;
}

export function useImageUpload(image: ImageInfo | null): ImageUpload {
  const client = useClient();
  const [state, setState] = useState<ImageUploadState>({ status: 'idle' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt re-runs the upload on Try again
  useEffect(() => {
    if (!image) {
      setState({ status: 'idle' });
      return;
    }
    let current = true;
    setState({ status: 'uploading' });
    client
      .call('image:prepare', { path: image.path })
      .then((prepared) => {
        if (current) setState({ status: 'uploaded', reused: prepared.reused });
      })
      .catch((error: unknown) => {
        if (current) setState({ status: 'failed', message: errorMessage(error) });
      });
    return () => {
      current = false;
    };
  }, [client, image, attempt]);

  return { state, retry: () => setAttempt((n) => n + 1) };
}

/** Every picture slot's upload (a fixed set of hooks: slots without a picture stay idle). */
export function usePictureUploads(): Record<PictureSlot, ImageUpload> {
  const infos = useAppStore(
    useShallow((state) => PICTURE_SLOTS.map((slot) => selectPicture(state, slot).info)),
  );
  return {
    image: useImageUpload(infos[0] ?? null),
    endFrame: useImageUpload(infos[1] ?? null),
    more1: useImageUpload(infos[2] ?? null),
    more2: useImageUpload(infos[3] ?? null),
    more3: useImageUpload(infos[4] ?? null),
  };
}

/** True when every checked picture is on WeShop (the estimate asks again then). */
export const allUploaded = (uploads: Record<PictureSlot, ImageUpload>): boolean => {
  const states = Object.values(uploads).map((upload) => upload.state.status);
  return states.includes('uploaded') && states.every((s) => s === 'uploaded' || s === 'idle');
};
