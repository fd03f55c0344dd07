// Binds the shared channel map to the core: one ipcMain.handle per channel, each checking
// that the call comes from our own page before the dispatcher validates the payload.
import { type BrowserWindow, ipcMain, type WebContents } from 'electron';
import { IPC_CHANNELS, IPC_EVENTS, type IpcEvent } from '../shared/ipc';
import type { IpcDispatch } from './app/ipc-handlers';

export function bindIpc(dispatch: IpcDispatch, isTrustedSender: (url: string) => boolean): void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      const url = event.senderFrame?.url ?? '';
      if (!isTrustedSender(url)) {
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
