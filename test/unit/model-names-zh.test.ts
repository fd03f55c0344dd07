import { afterEach, describe, expect, it } from 'vitest';
import { checkMessage } from '../../renderer/i18n/check-messages';
import { setLanguage } from '../../renderer/i18n/index';
import { continueModelProblem, continueOtherModelHint } from '../../shared/continue-request';

/*
 * A model named inside Continue's refusal and hint is said by its id in the chosen language:
 * "Kling O1 · 文字或参考素材生成", not shared's English mode words. The English (the CLI's) keeps
 * its own label.
 */

afterEach(async () => {
  await setLanguage('en');
});

describe('model names inside refusals in the Chinese app', () => {
  it("Continue's refusal and hint name Kling O1's mode in Chinese", async () => {
    const refusal = continueModelProblem('Kling_Video_O1_Ele', true);
    const hint = continueOtherModelHint('Kling_Video_O1_Ele');
    if (!refusal || !hint) throw new Error('expected a refusal and a hint');
    expect(refusal.message).toContain('Text or references');
    await setLanguage('zh-CN');
    for (const issue of [refusal, hint]) {
      const said = checkMessage(issue);
      expect(said).toContain('Kling O1 · 文字或参考素材生成');
      expect(said).not.toContain('Text or references');
    }
  });
});
