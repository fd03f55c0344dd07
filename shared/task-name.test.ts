import { describe, expect, it } from 'vitest';
import { runTaskName, TASK_NAME_PROMPT_CHARS } from './task-name';

describe('runTaskName', () => {
  it("is Kling Studio, the prompt's start and the render id", () => {
    expect(runTaskName('slow dolly-in', 'm3x9k2a1b-4fz0qa')).toBe(
      'Kling Studio · slow dolly-in · m3x9k2a1b-4fz0qa',
    );
    expect(runTaskName('slow dolly-in')).toBe('Kling Studio · slow dolly-in');
  });

  it('folds whitespace and cuts a long prompt at a word end, with an ellipsis', () => {
    const name = runTaskName(
      '  a lantern\n\ndrifts over the dark harbour while the fog rolls in',
      'id-000001',
    );
    expect(name).toBe('Kling Studio · a lantern drifts over the dark harbour… · id-000001');
    const excerpt = name.split(' · ')[1] as string;
    expect(Array.from(excerpt).length).toBeLessThanOrEqual(TASK_NAME_PROMPT_CHARS);
  });

  it('never cuts a character in half', () => {
    const name = runTaskName(`${'x'.repeat(38)}🌊🌊🌊`);
    expect(name).toBe(`Kling Studio · ${'x'.repeat(38)}🌊…`);
  });
});
