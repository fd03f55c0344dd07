// Binds the shared channel map to the core: one ipcMain.handle per channel, each checking
// that the call comes from our own page before the dispatcher validates the payload.
import { type BrowserWindow, ipcMain, type WebContents } from 'electron';
import { IPC_CHANNELS, IPC_EVENTS, type IpcEvent } from '../shared/ipc';
import type { IpcDispatch } from './app/ipc-handlers';

/**
 * isTrustedSender gets the sending frame's origin (app://kling-studio for our page) and
 * whether it is the window's top frame; a call from anywhere else is refused.
 */
export function bindIpc(
  dispatch: IpcDispatch,
  isTrustedSender: (origin: string, isTopFrame: boolean) => boolean,
): void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      const frame = event.senderFrame;
      if (!frame || !isTrustedSender(frame.origin, frame.parent === null)) {
        return { ok: false, error: { kind: 'invalid-input', message: 'Untrusted sender' } };
      }
      return dispatch(channel, payload);
    });
  }
}

/** Sends a validated event to the window, if it is still there. */
export function sendEvent<E extends IpcEvent>(
  window: BrowserWindow | null,
  event: E,
  payload: unknown,
): void {
  const contents: WebContents | undefined = window?.isDestroyed() ? undefined : window?.webContents;
  if (!contents || contents.isDestroyed()) return;
  contents.send(event, IPC_EVENTS[event].parse(payload));
}
