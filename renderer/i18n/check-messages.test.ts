import { afterEach, describe, expect, it } from 'vitest';
import { BUDGET_CHECK_IDS, BUDGET_SUBJECTS } from '../../shared/budget-checks';
import { continueOtherModelHint, continueRequest } from '../../shared/continue-request';
import { budgetReason, capsFromSettings, checkBudget, checkManyBudget } from '../../shared/credits';
import {
  type CheckParams,
  checkIssue,
  checkText,
  RENDER_CHECK_IDS,
  RENDER_CHECKS,
} from '../../shared/render-checks';
import { RenderRequest, type RenderRequestInput } from '../../shared/render-request';
import { checkStoryboard } from '../../shared/storyboard';
import { checkVariations, SET_MAX_RENDERS } from '../../shared/variations';
import { budgetReasonText, checkMessage, refusalText } from './check-messages';
import { strings } from './check-strings';
import { setLanguage } from './index';

afterEach(async () => {
  await setLanguage('en');
});

// Values for every placeholder any check uses, lists included.
const SAMPLE: CheckParams = {
  model: 'Kling 3.0',
  agent: 'kling',
  models: { or: ['Kling_3_0', 'Kling_2_6', 'Kling_2_1'] },
  max: 4,
  count: 5,
  ratios: { or: ['16:9', '9:16', '1:1'] },
  ratio: '4:3',
  durations: { or: ['5', '10'] },
  from: '3',
  to: '15',
  duration: '7',
  value: 'https://exa mple.test/a.png',
  protocol: 'ftp',
  min: 1,
  keyframes: 4,
  transitions: 3,
  prompts: 2,
};

/** The schema's issues for `input`, each as the app says it in the current language. */
const said = (input: RenderRequestInput) => {
  const parsed = RenderRequest.safeParse(input);
  return (parsed.error?.issues ?? []).map((issue) =>
    checkMessage({
      message: issue.message,
      params: issue.code === 'custom' ? issue.params : undefined,
    }),
  );
};

describe('shared check messages in the chosen language', () => {
  it('has English and Chinese words for every check id, the English word for word shared', () => {
    for (const id of RENDER_CHECK_IDS) {
      expect(strings.en[id], id).toBe(RENDER_CHECKS[id]);
      expect(strings['zh-CN'][id], id).toMatch(/\S/);
    }
    expect(Object.keys(strings.en).sort()).toEqual([...RENDER_CHECK_IDS, 'budget'].sort());
  });

  it("says each check in English exactly as shared's message (what the CLI prints)", () => {
    for (const id of RENDER_CHECK_IDS) {
      const issue = checkIssue('prompt', id, SAMPLE);
      expect(checkMessage(issue), id).toBe(checkText(id, SAMPLE));
      expect(issue.message).toBe(checkText(id, SAMPLE));
    }
  });

  it('says each check in Chinese with its values filled in, lists joined the Chinese way', async () => {
    await setLanguage('zh-CN');
    for (const id of RENDER_CHECK_IDS) {
      const said = checkMessage(checkIssue('prompt', id, SAMPLE));
      expect(said, id).not.toBe(checkText(id, SAMPLE));
      expect(said, id).not.toMatch(/\{\{/);
    }
    expect(checkMessage(checkIssue('endFrame', 'endFrameNotTaken', SAMPLE))).toContain(
      'Kling_3_0、Kling_2_6 或 Kling_2_1',
    );
  });

  it("turns the schema's real issues into Chinese, and keeps English for an issue with no id", async () => {
    await setLanguage('zh-CN');
    expect(said({ model: 'Kling_3_0', prompt: '' })).toContain(
      '请描述你想要的动作（提示词为必填项）',
    );
    expect(
      said({ model: 'Kling_2_1_Master', prompt: 'walk', image: '/a.png', endFrame: '/b.png' }),
    ).toEqual([
      'Kling 2.1 Master 不能以指定画面结尾：如需尾帧，请选择 Kling 3.0、2.6、2.5 Turbo 或 2.1',
    ]);
    expect(checkMessage({ message: 'An issue with no id' })).toBe('An issue with no id');
  });
});

describe('budget reasons in the chosen language', () => {
  const caps = capsFromSettings({ maxCreditsPerRender: 50, maxCreditsPerDay: 100 });
  // One reason of every kind, for every subject the app and the CLI name.
  const everyReason = () =>
    (Object.keys(BUDGET_SUBJECTS) as (keyof typeof BUDGET_SUBJECTS)[]).flatMap((id) => {
      const subject = { id, n: 2 };
      const caps2 = [
        { cap: 'perRender' as const, limit: 50 },
        { cap: 'daily' as const, limit: 100 },
      ];
      return BUDGET_CHECK_IDS.map((check) =>
        budgetReason(check, { subject, caps: caps2, credits: 60, spent: 70, total: 130 }),
      );
    });

  it('has Chinese words for every budget id, subject and cap', () => {
    const zh = strings['zh-CN'].budget;
    for (const id of BUDGET_CHECK_IDS) expect(zh[id], id).toMatch(/\S/);
    for (const id of Object.keys(BUDGET_SUBJECTS)) {
      expect(zh.subject[id as keyof typeof zh.subject], id).toMatch(/\S/);
    }
  });

  it('says every reason in English exactly as its message (what the CLI prints)', () => {
    for (const reason of everyReason()) expect(budgetReasonText(reason)).toBe(reason.message);
  });

  it('says a cap broken, and a cap unchecked, in Chinese with credits in Chinese', async () => {
    await setLanguage('zh-CN');
    const over = checkBudget({ credits: 60, spentToday: 70, caps });
    expect(over.kind === 'over' && over.reasons.map(budgetReasonText)).toEqual([
      '此渲染预计花费 60 积分，超过了单次渲染上限（50 积分）。',
      '今天已花费 70 积分，加上此渲染的 60 积分，共 130 积分，超过了每日上限（100 积分）。',
    ]);
    const { unchecked } = checkManyBudget({
      credits: [40, null],
      spentToday: 0,
      caps,
      subjectOf: (i) => ({ id: 'renderOfSet', n: i + 1 }),
      wholeSubject: { id: 'set', n: 2 },
    });
    expect(unchecked.map(budgetReasonText)).toEqual([
      '该组的第 2 个渲染：没有费用估算，因此无法检查单次渲染上限（50 积分）。',
      '没有费用估算，因此无法检查每日上限（100 积分）。',
    ]);
    for (const reason of everyReason()) {
      const said = budgetReasonText(reason);
      expect(said).not.toMatch(/[a-z]{3,}|\{\{/i);
    }
  });
});

describe("the form's plain field checks in Chinese (picture, reference video, Videos)", () => {
  it('says a relative picture path, an http video URL and an emptied Videos count in Chinese', async () => {
    await setLanguage('zh-CN');
    expect(said({ model: 'Kling_3_0', prompt: 'walk', image: 'a.png' })).toEqual([
      '本机图片路径必须是绝对路径',
    ]);
    expect(
      said({
        model: 'Kling_Motion_Control',
        prompt: 'dance',
        image: '/a.png',
        referenceVideo: 'ftp://videos.example/a.mp4',
      }),
    ).toEqual(['参考视频：网址必须使用 https（WeShop 从互联网获取视频），而不是 ftp']);
    expect(
      said({ model: 'Kling_3_0', prompt: 'walk', image: '/a.png', batchCount: Number.NaN }),
    ).toEqual(['视频数：1 到 16 之间的整数']);
    expect(said({ model: 'Kling_3_0', prompt: 'walk', image: '/a.png', batchCount: 99 })).toEqual([
      '视频数：一次渲染最多 16 个',
    ]);
  });

  it('keeps the English words the CLI printed before', () => {
    expect(said({ model: 'Kling_3_0', prompt: 'walk', image: 'a.png' })).toEqual([
      'Local image paths must be absolute',
    ]);
    expect(
      said({ model: 'Kling_3_0', prompt: 'walk', image: '/a.png', batchCount: Number.NaN }),
    ).toEqual(['Videos: a whole number from 1 to 16']);
    const typo = RenderRequest.safeParse({ prompt: 'walk', image: '/a.png', batchCount: '2' });
    expect(typo.error?.issues.map((issue) => issue.message)).toEqual([
      'Videos: a whole number from 1 to 16',
    ]);
  });
});

describe('refusals of a set, a storyboard and a continuation in the chosen language', () => {
  it('says what Variations lacks, and a combination the catalogue refuses, in Chinese', async () => {
    await setLanguage('zh-CN');
    const empty = checkVariations({ prompts: [], models: ['Kling_3_0'], durations: [] });
    expect(!empty.ok && refusalText(empty)).toBe('请至少填写一个提示词');
    const refused = checkVariations({
      image: '/a.png',
      prompts: ['walk'],
      models: ['Kling_2_1'],
      durations: ['7s'],
      batchCount: 99,
    });
    expect(!refused.ok && refusalText(refused)).not.toMatch(/[a-z]{4,}/);
    const continued = continueRequest(RenderRequest.parse({ prompt: 'walk', image: '/a.png' }), {
      frame: '/last.png',
      prompt: 'next',
      batchCount: 0,
    });
    expect(!continued.ok && refusalText(continued)).toBe('视频数：至少 1 个');
  });

  it('keeps the English message as it was when the language is English', () => {
    const empty = checkVariations({ prompts: [], models: [], durations: [] });
    expect(!empty.ok && refusalText(empty)).toBe(
      'Give at least one prompt; Give at least one model',
    );
    expect(!empty.ok && empty.message).toBe('Give at least one prompt; Give at least one model');
  });

  it('says a repeated axis and an oversized set in Chinese (the CLI keeps its English)', async () => {
    const repeated = checkVariations({
      prompts: ['walk', 'walk'],
      models: ['Kling_3_0', 'Kling_3_0'],
      durations: [],
    });
    const tooLarge = checkVariations({
      prompts: Array.from({ length: SET_MAX_RENDERS + 1 }, (_, i) => `p${i}`),
      models: ['Kling_3_0'],
      durations: [],
    });
    expect(!repeated.ok && repeated.message).toBe(
      'The set repeats a prompt: give each prompt once; The set repeats a model: give each model once',
    );
    await setLanguage('zh-CN');
    expect(!repeated.ok && refusalText(repeated)).toBe(
      '这组变体有重复的提示词：每个提示词只填一次；这组变体有重复的模型：每个模型只选一次',
    );
    expect(!tooLarge.ok && refusalText(tooLarge)).toBe(
      `这组共 ${SET_MAX_RENDERS + 1} 个渲染；一组最多可加入队列 ${SET_MAX_RENDERS} 个`,
    );
  });

  it("says a storyboard's keyframe count, prompt count and model in Chinese", async () => {
    await setLanguage('zh-CN');
    const one = checkStoryboard({ keyframes: ['/a.png'], prompts: ['walk'] });
    expect(!one.ok && refusalText(one)).toBe('故事板至少需要 2 个关键帧');
    const many = checkStoryboard({
      keyframes: Array.from({ length: 14 }, (_, i) => `/k${i}.png`),
      prompts: ['walk'],
    });
    expect(!many.ok && refusalText(many)).toBe('故事板最多 13 个关键帧');
    const noPrompt = checkStoryboard({ keyframes: ['/a.png', '/b.png'], prompts: [] });
    expect(!noPrompt.ok && refusalText(noPrompt)).toBe('请填写提示词');
    const counts = checkStoryboard({
      keyframes: ['/a.png', '/b.png', '/c.png', '/d.png'],
      prompts: ['a', 'b'],
    });
    expect(!counts.ok && refusalText(counts)).toBe(
      '请为所有过渡填写一个提示词，或为每个过渡各填一个：4 个关键帧构成 3 个过渡，而不是 2 个',
    );
    const master = checkStoryboard({
      keyframes: ['/a.png', '/b.png'],
      prompts: ['walk'],
      model: 'Kling_2_1_Master',
    });
    expect(!master.ok && refusalText(master)).toMatch(
      /^Kling 2\.1 Master 不能以指定画面结尾，因此无法渲染故事板：请选择 Kling 3\.0、.* 或 Kling O1/,
    );
  });

  it("says why a model cannot continue a video, and the dialog's hint, in Chinese", async () => {
    const source = RenderRequest.parse({
      agent: 'kling-v3-omni',
      model: 'Kling_V3_Omni',
      prompt: 'walk',
    });
    const chosen = continueRequest(source, {
      frame: '/last.png',
      prompt: 'next',
      batchCount: 1,
      model: 'Kling_V3_Omni',
    });
    const kept = continueRequest(source, { frame: '/last.png', prompt: 'next', batchCount: 1 });
    const hint = continueOtherModelHint('Kling_V3_Omni');
    await setLanguage('zh-CN');
    expect(!chosen.ok && refusalText(chosen)).toMatch(
      /^Kling 3\.0 Omni.* 不从图片开始，因此无法续写视频：请选择从图片开始的模型（Kling_3_0, /,
    );
    expect(!kept.ok && refusalText(kept)).toMatch(
      /^此渲染使用的是 Kling 3\.0 Omni.*，它不从图片开始/,
    );
    expect(hint && checkMessage(hint)).toMatch(/，它不从图片开始：续写会改用支持首帧的模型。$/);
  });
});
