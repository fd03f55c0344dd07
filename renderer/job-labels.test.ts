import { describe, expect, it } from 'vitest';
import {
  cancelLabel,
  describeState,
  errorBeyondServerMessage,
  failedChargeNote,
  jobStepIndex,
  retryAction,
} from './job-labels';

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

describe('cancelLabel', () => {
  it('says Cancel only while no start can have reached WeShop', () => {
    expect(cancelLabel({})).toBe('Cancel');
    expect(cancelLabel({ startSentAt: '2025-11-20T09:00:00.000Z' })).toBe('Stop waiting');
    expect(cancelLabel({ executionId: 'exec-1' })).toBe('Stop waiting');
  });
});

describe('retryAction', () => {
  const sent = '2025-11-20T09:00:00.000Z';

  it('asks for confirmation whenever the start outcome is unknown, whatever the state', () => {
    expect(retryAction({ state: 'needs-attention', startSentAt: sent })).toBe('retry-anyway');
    expect(retryAction({ state: 'canceled', startSentAt: sent })).toBe('retry-anyway');
    expect(retryAction({ state: 'failed', startSentAt: sent })).toBe('retry-anyway');
  });

  it('checks a canceled run that has an id again instead of starting a new one', () => {
    expect(retryAction({ state: 'canceled', startSentAt: sent, executionId: 'e' })).toBe(
      'check-again',
    );
  });

  it('retries plainly when nothing can charge twice, and not at all when not retryable', () => {
    expect(retryAction({ state: 'failed' })).toBe('retry');
    expect(retryAction({ state: 'canceled' })).toBe('retry');
    expect(retryAction({ state: 'failed', startSentAt: sent, executionId: 'e' })).toBe('retry');
    expect(retryAction({ state: 'partial', executionId: 'e' })).toBeNull();
    expect(retryAction({ state: 'running', executionId: 'e' })).toBeNull();
  });
});

describe('describeState and jobStepIndex', () => {
  it('say what WeShop is doing in plain words', () => {
    expect(describeState({ state: 'running', remoteState: 'Pending' })).toBe('Waiting at WeShop');
    expect(describeState({ state: 'running' })).toBe('Waiting at WeShop');
    expect(describeState({ state: 'running', remoteState: 'Segmenting' })).toBe('Generating');
    expect(jobStepIndex({ state: 'queued' })).toBe(-1);
    expect(jobStepIndex({ state: 'uploading' })).toBe(0);
    expect(jobStepIndex({ state: 'starting' })).toBe(1);
    expect(jobStepIndex({ state: 'running', remoteState: 'Pending' })).toBe(1);
    expect(jobStepIndex({ state: 'running', remoteState: 'Running' })).toBe(2);
    expect(jobStepIndex({ state: 'downloading' })).toBe(3);
    expect(jobStepIndex({ state: 'done' })).toBe(-1);
  });
});

describe('failedChargeNote', () => {
  it('tells from the manifest whether the failed run could have cost credits', () => {
    expect(failedChargeNote({})).toMatch(/^No credits were charged/);
    expect(failedChargeNote({ executionId: 'e' })).toMatch(/may have been charged/);
    expect(failedChargeNote({ executionId: 'e', credits: { powerConsumption: 1 } })).toBe(
      'WeShop ran this render and charged 1 credit.',
    );
  });
});

describe('in Chinese', () => {
  it('words states, steps and retry actions in the interface language', async () => {
    const { setLanguage } = await import('./i18n');
    await setLanguage('zh-CN');
    try {
      expect(describeState({ state: 'running' })).toBe('在 WeShop 排队');
      expect(cancelLabel({ executionId: 'exec-1' })).toBe('停止等待');
      expect(failedChargeNote({ executionId: 'e', credits: { powerConsumption: 1200 } })).toBe(
        'WeShop 已运行这次渲染并扣除 1,200 积分。',
      );
    } finally {
      await setLanguage('en');
    }
  });
});
