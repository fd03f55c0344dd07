import { type AppError, type ErrorKind, messageOf } from '../shared/errors';
import type {
  IpcChannel,
  IpcEvent,
  IpcEventPayload,
  IpcRequest,
  IpcResponse,
  IpcResult,
  KlingBridge,
} from '../shared/ipc';
import { i18n } from './i18n';
import { sayError } from './i18n/core-messages';

/** What call() throws: a normal Error whose message is the core's own, plus the AppError. */
export class BridgeCallError extends Error {
  readonly channel: IpcChannel;
  readonly appError: AppError;

  constructor(channel: IpcChannel, appError: AppError) {
    super(appError.message);
    this.name = 'BridgeCallError';
    this.channel = channel;
    this.appError = appError;
  }

  get kind(): ErrorKind {
    return this.appError.kind;
  }
}

/** The typed helpers every screen and the store use; built once around `window.kling`. */
export interface BridgeClient {
  /** Resolves with the response value, or throws a BridgeCallError carrying the AppError. */
  call<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>>;
  on<E extends IpcEvent>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
  pathForFile(file: File): string | null;
}

export function createBridgeClient(bridge: KlingBridge): BridgeClient {
  return {
    async call(channel, request) {
      let result: IpcResult<IpcResponse<typeof channel>>;
      try {
        result = await bridge.invoke(channel, request);
      } catch (error) {
        // invoke() itself rejects only when main has no handler or the payload could not be
        // cloned: a bug on our side, so it is reported as internal with the channel named.
        const detail = messageOf(error);
        throw new BridgeCallError(channel, {
          kind: 'internal',
          message: i18n.t('components:bridge.unreachable', { channel, detail }),
        });
      }
      if (result.ok) return result.value;
      throw new BridgeCallError(channel, result.error);
    },
    on: (event, listener) => bridge.on(event, listener),
    pathForFile: (file) => bridge.pathForFile(file),
  };
}

/** Reads `window.kling` once; null when the page runs outside the desktop app. */
export function readWindowBridge(target: { kling?: KlingBridge } = window): KlingBridge | null {
  return target.kling ?? null;
}

/** The message to show for anything a call throws. */
export function errorMessage(error: unknown): string {
  // The core's own words (with an id) in the chosen language; anything else as it came.
  if (error instanceof BridgeCallError && error.message) return sayError(error.appError);
  if (error instanceof Error && error.message) return error.message;
  return i18n.t('components:bridge.unknown');
}

declare global {
  interface Window {
    kling?: KlingBridge;
  }
}
