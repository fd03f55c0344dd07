// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { actionParam, coreSaid, saidParam } from '../../../shared/core-messages';
import { setLanguage } from '../../i18n';
import { makeRender } from '../../testing/fixtures';
import { renderApp } from '../../testing/render';

/*
 * The core's own words on a Queue row (a render's warning, its canceled note) in Chinese, from
 * the message id render.json keeps beside the English; an older render's English is still said.
 */

afterEach(async () => {
  cleanup();
  await setLanguage('en');
});

const SENT = '2025-11-20T09:00:00.000Z';
const busy = coreSaid('serverError', { action: actionParam('checking the run'), status: 503 });
const failing = coreSaid('pollsFailing', { times: 4, last: saidParam(busy) });
const running = makeRender(1, {
  state: 'running',
  startSentAt: SENT,
  executionId: 'exec-1',
  request: { prompt: 'Running job' },
  warning: failing.text,
  warningRef: failing.ref,
});
const stopped = coreSaid('stoppedWaitingOnRun');
const canceled = makeRender(2, {
  state: 'canceled',
  startSentAt: SENT,
  executionId: 'exec-2',
  request: { prompt: 'Canceled job' },
  error: { kind: 'canceled', message: stopped.text, messageRef: stopped.ref },
});
const legacy = makeRender(3, {
  state: 'running',
  startSentAt: SENT,
  executionId: 'exec-3',
  request: { prompt: 'Old job' },
  warning: '4 polls in a row failed (network unreachable); still trying every 30 s',
});

async function openQueue() {
  const app = renderApp({ renders: [running, { ...canceled, state: 'running' }, legacy] });
  // After start-up applied Settings (the system language, English here).
  await waitFor(() => expect(app.store.getState().settings).not.toBeNull());
  await act(() => setLanguage('zh-CN'));
  fireEvent.keyDown(window, { key: '2', ctrlKey: true });
  await screen.findByRole('listitem', { name: 'Running job' });
  // A render canceled (stop waiting) while the Queue is open stays on it.
  app.bridge.state.renders = app.bridge.state.renders.map((v) =>
    v.id === canceled.id ? canceled : v,
  );
  act(() => app.bridge.emit('job:update', canceled));
  return app;
}

const item = (name: string) => screen.getByRole('listitem', { name });

describe('Queue rows say the core’s words in the chosen language', () => {
  it('says a stored warning in Chinese, the error it quotes too', async () => {
    await openQueue();
    expect(within(item('Running job')).getByRole('status').textContent).toBe(
      '连续 4 次未能查询运行状态，最近一次：查询运行状态时 WeShop 出现服务器错误（HTTP 503）。仍在重试，间隔会逐渐变长；WeShop 上的运行不受影响。',
    );
  });

  it("says a canceled render's note in Chinese", async () => {
    await openQueue();
    expect(
      within(item('Canceled job')).getByText(
        '已停止等待：该运行在 WeShop 上，积分已消耗（WeShop 无法取消）。随时可以用“再次检查”取回它的视频。',
      ),
    ).toBeTruthy();
  });

  it('keeps the English of a warning saved before messages had ids', async () => {
    await openQueue();
    expect(within(item('Old job')).getByRole('status').textContent).toBe(legacy.warning);
  });
});
