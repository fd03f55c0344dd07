import { afterEach, describe, expect, it } from 'vitest';
import { formatBytes, formatCredits, formatDay, formatList, formatSeconds } from './format';
import { i18n, setLanguage } from './index';
import { matchLanguage, resolveLanguage } from './languages';
import { modelName } from './model-label';

afterEach(() => setLanguage('en'));

describe('language choice', () => {
  it('follows the first OS language the app speaks, Simplified Chinese only', () => {
    expect(matchLanguage(['zh-CN', 'en-US'])).toBe('zh-CN');
    expect(matchLanguage(['zh-Hans-SG'])).toBe('zh-CN');
    expect(matchLanguage(['zh'])).toBe('zh-CN');
    expect(matchLanguage(['zh-TW', 'en-GB'])).toBe('en');
    expect(matchLanguage(['fr-FR', 'zh-CN'])).toBe('zh-CN');
    expect(matchLanguage(['de-DE'])).toBe('en');
    expect(matchLanguage([])).toBe('en');
  });

  it('lets Settings override the OS', () => {
    expect(resolveLanguage('en', ['zh-CN'])).toBe('en');
    expect(resolveLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(resolveLanguage('system', ['zh-CN'])).toBe('zh-CN');
  });

  it('speaks English in unit tests', () => {
    expect(i18n.language).toBe('en');
  });
});

describe('one formatter in the chosen language', () => {
  it('formats credits, seconds and sizes in English', () => {
    expect(formatCredits(999_940)).toBe('999,940 credits');
    expect(formatCredits(1)).toBe('1 credit');
    expect(formatSeconds(5)).toBe('5 seconds');
    expect(formatSeconds('10s')).toBe('10 seconds');
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatList(['a', 'b', 'c'])).toBe('a, b, and c');
  });

  it('formats the same values in Chinese once the language changes', async () => {
    await setLanguage('zh-CN');
    expect(formatCredits(999_940)).toBe('999,940 积分');
    expect(formatCredits(1)).toBe('1 积分');
    expect(formatSeconds(5)).toBe('5 秒');
    expect(formatBytes(12)).toBe('12 字节');
    expect(formatDay('2026-12-07T12:00:00Z')).toBe('2026年12月7日');
    // 和/或 get a space beside Latin names, as the rest of the Chinese does; 、 and CJK do not.
    expect(formatList(['Kling 3.0', 'Kling 2.6'])).toBe('Kling 3.0 和 Kling 2.6');
    expect(formatList(['Kling 3.0', 'Kling 2.6', 'Kling 2.1'], 'disjunction')).toBe(
      'Kling 3.0、Kling 2.6 或 Kling 2.1',
    );
    expect(formatList(['图片', '视频'])).toBe('图片和视频');
    // Kling O1's modes (shared's words are the CLI's English) in Chinese, other models as named.
    expect(modelName('Kling_Video_O1_I2V')).toBe('Kling O1 · 首帧生成视频');
    expect(modelName('Kling_3_0')).toBe('Kling 3.0');
  });
});
