// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../i18n';
import { renderApp } from '../../testing/render';

afterEach(async () => {
  cleanup();
  await setLanguage('en');
});

describe("New render's To queue hint in Chinese", () => {
  it('says the missing prompt (a shared check) in Chinese, and again in English after a switch', async () => {
    const { store } = renderApp();
    await waitFor(() => expect(store.getState().settings).not.toBeNull());
    await act(() => setLanguage('zh-CN'));
    act(() => store.getState().editDraft({ prompt: '' }));
    const hint = await screen.findByText(/^加入队列前：/);
    expect(hint.textContent).toContain('请描述你想要的动作（提示词为必填项）');
    expect(hint.textContent).not.toContain('Describe the motion');
    await act(() => setLanguage('en'));
    expect((await screen.findByText(/^To queue:/)).textContent).toContain(
      'Describe the motion you want (a prompt is required)',
    );
  });
});
