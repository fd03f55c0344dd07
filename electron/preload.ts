// The preload runs sandboxed with contextIsolation: it exposes exactly one object,
// window.kling, whose calls are limited to the channels named in shared/ipc.ts.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC_CHANNELS, IPC_EVENT_NAMES, type KlingBridge } from '../shared/ipc';

const channels = new Set<string>(IPC_CHANNELS);
const events = new Set<string>(IPC_EVENT_NAMES);

const bridge: KlingBridge = {
  invoke: (channel, request) => {
    if (!channels.has(channel)) return Promise.reject(new Error(`Unknown channel ${channel}`));
    return ipcRenderer.invoke(channel, request);
  },
  on: (event, listener) => {
    if (!events.has(event)) throw new Error(`Unknown event ${event}`);
    // Main validated the payload against IPC_EVENTS before sending it.
    const wrapped = (_: Electron.IpcRendererEvent, payload: unknown) =>
      listener(payload as Parameters<typeof listener>[0]);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
  pathForFile: (file) => {
    try {
      return webUtils.getPathForFile(file) || null;
    } catch {
      return null;
    }
  },
};

contextBridge.exposeInMainWorld('kling', bridge);
