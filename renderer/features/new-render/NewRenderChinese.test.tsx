// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../i18n';
import { renderApp } from '../../testing/render';

afterEach(async () => {
  cleanup();
  await setLanguage('en');
});

describe('New render in Chinese', () => {
  it('speaks Chinese throughout the form: fields, pictures, agents, the Queue button', async () => {
    const { store } = renderApp();
    // After start-up applied Settings (the system language, English here).
    await waitFor(() => expect(store.getState().settings).not.toBeNull());
    await act(() => setLanguage('zh-CN'));
    act(() => store.getState().editDraft({ batchCount: '2' }));
    expect(await screen.findByRole('heading', { name: '新建渲染', level: 1 })).toBeTruthy();
    expect(screen.getByRole('button', { name: /^加入队列/ })).toBeTruthy();
    expect(screen.getByRole('heading', { name: '首帧' })).toBeTruthy();
    expect(screen.getByText('让图片动起来：首帧，可选尾帧')).toBeTruthy();
    expect(screen.getByLabelText('动作提示词')).toBeTruthy();
    expect(screen.getByLabelText('视频数')).toBeTruthy();
    expect(screen.getByRole('option', { name: '5 秒' })).toBeTruthy();
    expect(screen.getByText(/^加入队列前：/)).toBeTruthy();
  });
});
