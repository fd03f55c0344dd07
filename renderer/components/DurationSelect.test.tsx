// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MODEL_CATALOGUE } from '../../shared/models';
import { setLanguage } from '../i18n';
import { formatSecondsChoices } from '../i18n/format';
import { DurationSelect } from './DurationSelect';

afterEach(async () => {
  cleanup();
  await setLanguage('en');
});

describe('lengths said by the one formatter (Continue, Storyboard)', () => {
  it('shows every length in Chinese, never the raw "5s", and keeps the value', async () => {
    await setLanguage('zh-CN');
    render(
      <DurationSelect
        id="d"
        label="时长"
        value="10s"
        durations={['5s', '10s']}
        onChange={() => undefined}
      />,
    );
    const select = screen.getByLabelText<HTMLSelectElement>('时长');
    expect([...select.options].map((o) => [o.value, o.text])).toEqual([
      ['5s', '5 秒'],
      ['10s', '10 秒'],
    ]);
    expect(select.value).toBe('10s');
  });

  it("says a model's lengths as a hint in either language", async () => {
    expect(formatSecondsChoices(MODEL_CATALOGUE.Kling_3_0.durations)).toBe('3 to 15 seconds');
    expect(formatSecondsChoices(['5s', '10s'])).toBe('5 or 10 seconds');
    expect(formatSecondsChoices(['5s'])).toBe('5 seconds');
    await setLanguage('zh-CN');
    expect(formatSecondsChoices(MODEL_CATALOGUE.Kling_3_0.durations)).toBe('3 至 15 秒');
    expect(formatSecondsChoices(['5s', '10s'])).not.toMatch(/s\b|or/);
  });
});
