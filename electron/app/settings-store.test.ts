import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { createSettingsStore } from './settings-store';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'kling-settings-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('createSettingsStore', () => {
  it('uses defaults quietly when there is no settings file yet', async () => {
    const problems: string[] = [];
    const store = createSettingsStore(home, (message) => problems.push(message));
    expect(await store.get()).toEqual(DEFAULT_SETTINGS);
    expect(problems).toEqual([]);
  });

  it('says why it fell back to defaults when the file is broken', async () => {
    await writeFile(join(home, 'settings.json'), '{ not json');
    const problems: string[] = [];
    const store = createSettingsStore(home, (message) => problems.push(message));
    expect(await store.get()).toEqual(DEFAULT_SETTINGS);
    expect(problems).toEqual(['settings.json unreadable; using defaults']);
  });

  it('says so when the file does not match the settings shape', async () => {
    await writeFile(join(home, 'settings.json'), JSON.stringify({ concurrency: 'many' }));
    const problems: string[] = [];
    await createSettingsStore(home, (message) => problems.push(message)).get();
    expect(problems).toEqual(['settings.json does not match; using defaults']);
  });
});
