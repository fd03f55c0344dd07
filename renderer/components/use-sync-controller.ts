import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import {
  createSyncController,
  type SyncController,
  type SyncControllerOptions,
  type SyncState,
} from './sync-controller';

/**
 * One sync controller for a component's lifetime, its state as React state, and a ref
 * callback per slot: `ref={slot(index)}` on each <video>. The controller is told about the
 * elements after every commit that changed them.
 */
export function useSyncController(options: SyncControllerOptions = {}): {
  controller: SyncController;
  state: SyncState;
  slot: (index: number) => (element: HTMLVideoElement | null) => void;
} {
  const [controller] = useState(() => createSyncController(options));
  const elements = useRef<(HTMLVideoElement | null)[]>([]);
  const slots = useRef(new Map<number, (element: HTMLVideoElement | null) => void>());
  const [version, setVersion] = useState(0);

  const slot = (index: number) => {
    let ref = slots.current.get(index);
    if (!ref) {
      ref = (element) => {
        if (elements.current[index] === element) return;
        elements.current[index] = element;
        setVersion((value) => value + 1);
      };
      slots.current.set(index, ref);
    }
    return ref;
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: version says the elements changed
  useEffect(() => {
    controller.setMedia(elements.current.filter((element) => element !== null));
  }, [controller, version]);
  useEffect(() => () => controller.dispose(), [controller]);

  const state = useSyncExternalStore(controller.subscribe, controller.getState);
  return { controller, state, slot };
}
