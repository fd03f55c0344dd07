import { afterEach, describe, expect, it } from 'vitest';
import { sayMessage } from '../../renderer/i18n/core-messages';
import { setLanguage } from '../../renderer/i18n/index';
import { CatalogRequest } from '../../shared/catalog-set';
import { IPC } from '../../shared/ipc';
import { issuesSaid } from '../../shared/issues-said';
import { PresetDraft } from '../../shared/presets';
import { describeIssues } from '../../shared/render-request';
import { StoryboardRequest } from '../../shared/storyboard';

/*
 * A payload main refuses (the run id pasted in "I found the run", a catalog set's pictures, a
 * storyboard's prompts): its English is describeIssues' (what the log and the CLI keep), its
 * ref says each check in the chosen language.
 */

afterEach(async () => {
  await setLanguage('en');
});

async function refused(schema: { safeParse(v: unknown): unknown }, payload: unknown) {
  const parsed = schema.safeParse(payload) as {
    success: boolean;
    error: Parameters<typeof describeIssues>[0];
  };
  expect(parsed.success).toBe(false);
  const english = describeIssues(parsed.error);
  const said = issuesSaid(parsed.error.issues);
  expect(said?.text).toBe(english);
  await setLanguage('zh-CN');
  const chinese = sayMessage(english, said?.ref);
  await setLanguage('en');
  return { english, chinese, english2: sayMessage(english, said?.ref) };
}

describe('refused payloads in the Chinese app', () => {
  it("a run id that is too long (I found the run's field)", async () => {
    const { english, chinese, english2 } = await refused(IPC['render:attach'].request, {
      id: 'render-1',
      executionId: 'x'.repeat(300),
    });
    expect(english).toMatch(
      /^executionId: A run id is at most \d+ characters; check what you pasted$/,
    );
    expect(english2).toBe(english);
    expect(chinese).not.toContain('A run id');
    expect(chinese).toMatch(/^executionId：/);
  });

  it("a catalog set's whole-set refusals", async () => {
    const none = await refused(CatalogRequest, { pictures: [], promptTemplate: 'turn' });
    expect(none.english).toContain('pictures: Give at least one picture');
    expect(none.chinese).toContain('pictures：请至少提供一张图片');
    const many = await refused(CatalogRequest, {
      pictures: Array.from({ length: 501 }, (_, i) => `/p/${i}.png`),
      promptTemplate: 'turn',
    });
    expect(many.english).toContain('At most 500 pictures can be queued in one catalog set');
    expect(many.chinese).toContain('一次商品图批量最多可加入队列 500 张图片');
  });

  it("a storyboard's prompt count above its maximum", async () => {
    const { english, chinese } = await refused(StoryboardRequest, {
      keyframes: ['/a.png', '/b.png'],
      prompts: Array.from({ length: 40 }, () => 'go'),
    });
    expect(english).toMatch(/prompts: A storyboard takes at most \d+ prompts/);
    expect(chinese).toMatch(/prompts：故事板最多 \d+ 条提示词/);
  });

  it("a preset's name and template as it is saved", async () => {
    const name = await refused(PresetDraft, { name: '#bad', model: 'Kling_3_0' });
    expect(name.english).toBe(
      'name: Preset names use letters, digits, spaces, "_", "-" or "." (and start with a letter or digit)',
    );
    expect(name.chinese).toBe(
      'name：预设名称只能使用字母、数字、空格、“_”、“-” 或 “.”（并以字母或数字开头）',
    );
    const template = await refused(PresetDraft, {
      name: 'Spin',
      promptTemplate: 'a {lone',
      model: 'Kling_3_0',
    });
    expect(template.english).toBe(
      'promptTemplate: Prompt template: use {name} for a variable (letters, digits, "_" or "-"); a lone "{" or "}" is not allowed',
    );
    expect(template.chinese).toBe(
      'promptTemplate：提示词模板：变量请写成 {name}（字母、数字、“_” 或 “-”）；不能单独使用 “{” 或 “}”',
    );
  });
});
