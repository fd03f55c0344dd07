import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n';
import { estimateText } from './estimate-text';

afterEach(() => setLanguage('en'));

describe("an estimate in the chosen language (New render's, Continue's and Retry's line)", () => {
  it('says cost and balance in Chinese, never the CLI English', async () => {
    expect(estimateText({ credits: 40, balance: 960, enough: true })).toBe(
      'Estimated cost: 40 credits · balance 960 credits',
    );
    await setLanguage('zh-CN');
    expect(estimateText({ credits: 40, balance: 960, enough: true })).toBe(
      '预计费用：40 积分 · 余额 960 积分',
    );
    expect(estimateText({ credits: 40, balance: 10, enough: false })).toMatch(/超过你的余额$/);
  });
});
