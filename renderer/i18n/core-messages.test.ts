import { afterEach, describe, expect, it } from 'vitest';
import {
  CORE_MESSAGE_IDS,
  CORE_MESSAGES,
  coreSaid,
  type MessageParams,
} from '../../shared/core-messages';
import { describeUpdate } from '../features/settings/UpdatesSection';
import { sayMessage, sayWarning } from './core-messages';
import { strings } from './core-strings';
import { setLanguage } from './index';

afterEach(async () => {
  await setLanguage('en');
});

/** A value for every placeholder any message uses. */
function sample(id: (typeof CORE_MESSAGE_IDS)[number]): MessageParams {
  const params: Record<string, string | number> = {};
  for (const slot of CORE_MESSAGES[id].match(/\{\{\w+\}\}/g) ?? []) {
    params[slot.slice(2, -2)] = 7;
  }
  return params;
}

describe('core messages in the chosen language', () => {
  it('has English and Chinese words for every id, the English word for word shared', () => {
    for (const id of CORE_MESSAGE_IDS) {
      expect(strings.en[id], id).toBe(CORE_MESSAGES[id]);
      expect(strings['zh-CN'][id], id).toMatch(/\S/);
      const slots = (text: string) => (text.match(/\{\{\w+\}\}/g) ?? []).sort();
      expect(slots(strings['zh-CN'][id]), id).toEqual(slots(CORE_MESSAGES[id]));
    }
    expect(Object.keys(strings.en).sort()).toEqual([...CORE_MESSAGE_IDS].sort());
  });

  it('says every message in English exactly as the core wrote it (what the CLI prints)', () => {
    for (const id of CORE_MESSAGE_IDS) {
      const said = coreSaid(id, sample(id));
      expect(sayMessage(said.text, said.ref), id).toBe(said.text);
    }
  });

  it('says every message in Chinese with its values, no placeholder left', async () => {
    await setLanguage('zh-CN');
    for (const id of CORE_MESSAGE_IDS) {
      const said = coreSaid(id, sample(id));
      const chinese = sayMessage(said.text, said.ref);
      expect(chinese, id).not.toBe(said.text);
      expect(chinese, id).not.toMatch(/\{\{/);
    }
  });

  it('keeps the English of an old manifest, an unknown id, and a ref missing a value', async () => {
    await setLanguage('zh-CN');
    const old = 'Could not check the run 3 times in a row (last: boom). Still trying.';
    expect(sayWarning({ warning: old })).toBe(old);
    expect(sayWarning({})).toBeUndefined();
    expect(sayMessage('From a newer version', { id: 'somethingNew', params: { a: 1 } })).toBe(
      'From a newer version',
    );
    expect(sayMessage('Half a ref', { id: 'uploadBusy', params: { seconds: 3 } })).toBe(
      'Half a ref',
    );
  });

  it('says why this copy does not update itself (Settings → Updates) in Chinese', async () => {
    const said = coreSaid('developmentBuild');
    await setLanguage('zh-CN');
    const status = { state: 'unsupported', reason: said.text, reasonRef: said.ref } as const;
    expect(describeUpdate(status)).toBe('开发版本不会自行更新。');
    expect(describeUpdate({ state: 'unsupported', reason: 'Read-only install.' })).toBe(
      'Read-only install.',
    );
  });
});
