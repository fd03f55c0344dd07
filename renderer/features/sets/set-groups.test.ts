import { describe, expect, it } from 'vitest';
import type { RenderView } from '../../../shared/job';
import { i18n } from '../../i18n';
import { describeSet, groupSets } from './set-groups';

const view = (
  id: string,
  minute: number,
  setId: string | undefined,
  prompt: string,
  model = 'Kling_3_0',
) =>
  ({
    id,
    setId,
    createdAt: `2026-11-29T04:${String(minute).padStart(2, '0')}:00.000Z`,
    request: { prompt, model, duration: '5s' },
  }) as unknown as RenderView;

describe('groupSets', () => {
  it('groups by set id, queue order inside, newest set first, loose renders left out', () => {
    const groups = groupSets([
      view('b2', 2, 'set-old', 'b', 'Kling_2_6'),
      view('lone', 3, undefined, 'x'),
      view('b1', 2, 'set-old', 'a'),
      view('n1', 5, 'set-new', 'a'),
    ]);
    expect(groups.map((g) => [g.setId, g.renders.map((r) => r.id)])).toEqual([
      ['set-new', ['n1']],
      ['set-old', ['b1', 'b2']],
    ]);
    expect(describeSet(groups[1] as (typeof groups)[number])).toBe('2 prompts × 2 models');
    expect(describeSet(groups[0] as (typeof groups)[number])).toBe('1 render');
  });
});

describe('describeSet', () => {
  it('says what varies in the chosen language (Chinese too, not English words)', async () => {
    const groups = groupSets([
      view('b1', 2, 'set-old', 'a'),
      view('b2', 2, 'set-old', 'b', 'Kling_2_6'),
      view('b3', 3, 'set-old', 'c', 'Kling_2_6'),
    ]);
    const group = groups[0] as (typeof groups)[number];
    await i18n.changeLanguage('zh-CN');
    try {
      expect(describeSet(group)).toBe('3 个提示词 × 2 个模型');
    } finally {
      await i18n.changeLanguage('en');
    }
    expect(describeSet(group)).toBe('3 prompts × 2 models');
  });
});
