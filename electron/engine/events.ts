/** A tiny typed emitter; a listener that throws never breaks the engine or other listeners. */
export function createEmitter<Events extends object>(
  onListenerError: (event: keyof Events, error: unknown) => void = () => {},
) {
  const listeners = new Map<keyof Events, Set<(payload: never) => void>>();
  return {
    on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener as (payload: never) => void);
      return () => {
        set.delete(listener as (payload: never) => void);
      };
    },
    emit<E extends keyof Events>(event: E, payload: Events[E]): void {
      for (const listener of listeners.get(event) ?? []) {
        try {
          (listener as (payload: Events[E]) => void)(payload);
        } catch (error) {
          // A broken listener (e.g. a closed window) must not stop a paid render: say so only.
          onListenerError(event, error);
        }
      }
    },
  };
}
