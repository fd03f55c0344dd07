import { describe, expect, it } from 'vitest';
import { expandTemplate, PresetDraft, searchPrompts, templateVariables } from './presets';
import { describeIssues } from './render-request';

describe('prompt templates', () => {
  it('lists each variable once, in order of first use', () => {
    expect(templateVariables('{subject} walks; {place} at dusk; {subject} waves')).toEqual([
      'subject',
      'place',
    ]);
    expect(templateVariables('no variables here')).toEqual([]);
  });

  it('fills every variable, trimming the values', () => {
    expect(
      expandTemplate('{subject} turns to {side}, {subject} smiles', {
        subject: ' a red fox ',
        side: 'the left',
      }),
    ).toEqual({ ok: true, prompt: 'a red fox turns to the left, a red fox smiles' });
  });

  it('names every missing or blank variable instead of sending braces', () => {
    expect(expandTemplate('{subject} in {place}', { subject: 'cat' })).toEqual({
      ok: false,
      message: 'Fill in the variable {place} of the prompt template',
    });
    expect(expandTemplate('{subject} in {place}', { subject: '  ' })).toEqual({
      ok: false,
      message: 'Fill in the variables {subject}, {place} of the prompt template',
    });
  });

  it('refuses a stray brace (a typo, not a literal)', () => {
    const result = expandTemplate('a {subject walks', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/lone "\{"/);
  });

  it('refuses a filled-in prompt that is too long', () => {
    const result = expandTemplate('{x}', { x: 'a'.repeat(2501) });
    expect(result).toEqual({
      ok: false,
      message: 'The filled-in prompt is 2501 characters; prompts can be at most 2500',
    });
  });
});

describe('PresetDraft', () => {
  it('fills defaults and accepts a valid preset', () => {
    expect(PresetDraft.parse({ name: 'Portrait', promptTemplate: '{subject} smiles' })).toEqual({
      name: 'Portrait',
      model: 'Kling_3_0',
      duration: '5s',
      generateAudio: false,
      batchCount: 1,
      promptTemplate: '{subject} smiles',
    });
  });

  it('checks the combination against the model catalogue', () => {
    const parsed = PresetDraft.safeParse({
      name: 'x',
      model: 'Kling_2_1',
      duration: '7s',
      generateAudio: true,
      promptTemplate: 'p',
    });
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      expect(describeIssues(parsed.error)).toBe(
        'duration: Kling_2_1 supports 5s or 10s, not 7s; generateAudio: Kling_2_1 cannot generate audio (only Kling_3_0, Kling_2_6 and Kling_V3_Omni can)',
      );
    }
  });

  it('carries the aspect ratio, a reference video and an end frame, checked per model', () => {
    const omni = PresetDraft.parse({
      name: 'Vertical',
      agent: 'kling-v3-omni',
      aspectRatio: '9:16',
      promptTemplate: 'image 1 walks through {place}',
    });
    expect(omni).toMatchObject({ model: 'Kling_V3_Omni', aspectRatio: '9:16', duration: '5s' });
    expect(omni).not.toHaveProperty('agent'); // the model names it
    expect(
      PresetDraft.parse({
        name: 'Logo ending',
        model: 'Kling_2_6',
        endFrame: '/home/me/end-card.png',
        promptTemplate: '{subject} turns to the logo',
      }).endFrame,
    ).toBe('/home/me/end-card.png');
    // Motion Control: a fixed dance clip, no prompt needed (its prompt is optional).
    expect(
      PresetDraft.parse({
        name: 'Dance',
        agent: 'kling-motion-control',
        referenceVideo: 'https://cdn.example.com/dance.mp4',
      }),
    ).toMatchObject({ model: 'Kling_Motion_Control', promptTemplate: '' });
    // A Motion Control preset may leave the video to each use; O1's default duration is 5s.
    expect(PresetDraft.safeParse({ name: 'Mc', agent: 'kling-motion-control' }).success).toBe(true);
  });

  it('refuses an input the model does not take, naming the model', () => {
    const message = (draft: Record<string, unknown>) => {
      const parsed = PresetDraft.safeParse({ name: 'x', promptTemplate: 'p', ...draft });
      return parsed.success ? 'ok' : describeIssues(parsed.error);
    };
    expect(message({ model: 'Kling_2_1_Master', endFrame: '/home/me/end.png' })).toBe(
      'endFrame: Kling 2.1 Master cannot end on a chosen frame: choose Kling 3.0, 2.6, 2.5 Turbo or 2.1 for an end frame',
    );
    expect(message({ model: 'Kling_3_0', aspectRatio: '9:16' })).toMatch(
      /^aspectRatio: Kling 3.0 takes no aspect ratio/,
    );
    expect(
      message({ model: 'Kling_3_0', referenceVideo: 'https://cdn.example.com/a.mp4' }),
    ).toMatch(/^referenceVideo: Kling 3.0 takes no reference video/);
    expect(message({ agent: 'kling-O1', model: 'Kling_3_0' })).toMatch(
      /^model: Kling_3_0 is not a model of kling-O1/,
    );
    expect(message({ agent: 'kling', promptTemplate: '' })).toBe(
      'promptTemplate: A preset needs a prompt template',
    );
    expect(message({ endFrame: 'http://example.com/end.png' })).toBe(
      'endFrame: Image URLs must use https, not http',
    );
  });

  it('refuses unknown fields and odd names', () => {
    expect(PresetDraft.safeParse({ name: 'a', promptTemplate: 'p', modle: 'x' }).success).toBe(
      false,
    );
    expect(PresetDraft.safeParse({ name: '../etc', promptTemplate: 'p' }).success).toBe(false);
  });

  it('says a blank name needs a name, once (not also that its characters are wrong)', () => {
    const parsed = PresetDraft.safeParse({ name: '  ', promptTemplate: 'p' });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(describeIssues(parsed.error)).toBe('name: A preset needs a name');
  });
});

describe('searchPrompts', () => {
  const history = ['Slow dolly-in', 'hair in the wind', 'camera pans left', 'dolly out'];
  it('matches case-insensitively, keeps order, honours the limit', () => {
    expect(searchPrompts(history, 'DOLLY', 10)).toEqual(['Slow dolly-in', 'dolly out']);
    expect(searchPrompts(history, '', 2)).toEqual(['Slow dolly-in', 'hair in the wind']);
    expect(searchPrompts(history, 'zebra', 5)).toEqual([]);
  });
});
