import { describe, expect, it } from 'vitest';
import { errorBeyondServerMessage } from './job-labels';

describe('errorBeyondServerMessage', () => {
  const reason = 'Face not detected in the reference image';

  it('drops the app error when it only wraps what WeShop said', () => {
    const error = { kind: 'run-failed' as const, message: `Generation failed: ${reason}` };
    expect(errorBeyondServerMessage({ error, serverMessage: reason })).toBeNull();
  });

  it('keeps an app error that says something else', () => {
    const error = { kind: 'run-failed' as const, message: 'The render failed on WeShop' };
    expect(errorBeyondServerMessage({ error, serverMessage: reason })).toBe(
      'The render failed on WeShop',
    );
    expect(errorBeyondServerMessage({ error })).toBe('The render failed on WeShop');
  });

  it('is null without an error', () => {
    expect(errorBeyondServerMessage({ serverMessage: reason })).toBeNull();
  });
});
