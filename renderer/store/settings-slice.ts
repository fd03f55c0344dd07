import { errorMessage } from '../bridge';
import type { SettingsSlice, SliceCreator } from './types';

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, get, client) => ({
  keyStatus: null,
  settings: null,
  libraryInfo: null,
  libraryInfoError: null,

  async loadKeyStatus() {
    set({ keyStatus: await client.call('key:status', {}) });
  },

  async setKey(key) {
    set({ keyStatus: await client.call('key:set', { key }) });
  },

  async clearKey() {
    set({ keyStatus: await client.call('key:clear', {}) });
  },

  testKey: () => client.call('key:test', {}),

  async loadSettings() {
    set({ settings: await client.call('settings:get', {}) });
  },

  async updateSettings(partial) {
    set({ settings: await client.call('settings:set', partial) });
  },

  async loadLibraryInfo() {
    try {
      set({ libraryInfo: await client.call('library:info', {}), libraryInfoError: null });
    } catch (error) {
      set({ libraryInfoError: errorMessage(error) });
    }
  },

  async openExternal(url) {
    try {
      await client.call('app:open-external', { url });
    } catch (error) {
      get().pushToast('error', errorMessage(error));
    }
  },
});
