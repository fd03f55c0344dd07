// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n';
import { FakeFailure } from '../testing/fake-bridge';
import { makeRender } from '../testing/fixtures';
import { renderApp } from '../testing/render';

afterEach(async () => {
  cleanup();
  await setLanguage('en');
});

const lost = makeRender(1, {
  state: 'needs-attention',
  startSentAt: '2025-11-20T09:00:00.000Z',
  request: { prompt: 'Lost start' },
  error: { kind: 'needs-attention', message: 'The start request may have reached WeShop' },
});
const done = makeRender(2, {
  state: 'done',
  startSentAt: '2025-11-20T09:00:00.000Z',
  executionId: 'exec-2',
  request: { prompt: 'Finished job' },
});

async function openQueue() {
  const app = renderApp({ renders: [lost, done] });
  fireEvent.keyDown(window, { key: '2', ctrlKey: true });
  await screen.findByRole('heading', { name: 'Queue' });
  const row = await screen.findByRole('listitem', { name: 'Lost start' });
  return { ...app, row };
}

async function openDialog(row: HTMLElement) {
  fireEvent.click(within(row).getByRole('button', { name: /I found the run/ }));
  const dialog = await screen.findByRole('dialog', { name: 'Attach the run you found' });
  return { dialog, input: within(dialog).getByLabelText('Run id') as HTMLInputElement };
}

describe('I found the run (a needs-attention render)', () => {
  it('opens on the run id, says where to look, and checks the id before asking main', async () => {
    const { row, bridge } = await openQueue();
    const { dialog, input } = await openDialog(row);
    expect(document.activeElement).toBe(input);
    expect(dialog.textContent).toContain('Look for the run named after this render');
    expect(dialog.textContent).toContain(lost.id);
    expect(dialog.textContent).toContain('Nothing is started and nothing is charged again');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Attach' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'Paste the run id you found in your WeShop history',
    );
    expect(input.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(input, { target: { value: 'run id with spaces' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Attach' }));
    await waitFor(() =>
      expect(within(dialog).getByRole('alert').textContent).toMatch(/only letters, digits/),
    );
    expect(bridge.callsTo('render:attach')).toEqual([]);
  });

  it('says why a pasted id is refused in the chosen language (no English left in Chinese)', async () => {
    const { row, bridge } = await openQueue();
    const { dialog, input } = await openDialog(row);
    await act(() => setLanguage('zh-CN'));
    fireEvent.change(input, { target: { value: 'run id with spaces' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '关联' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      "运行 ID 只包含字母、数字、'-'、'_' 和 '.'；请检查你粘贴的内容",
    );
    fireEvent.change(input, { target: { value: 'x'.repeat(129) } });
    fireEvent.click(within(dialog).getByRole('button', { name: '关联' }));
    await waitFor(() =>
      expect(within(dialog).getByRole('alert').textContent).toBe(
        '运行 ID 最多 128 个字符；请检查你粘贴的内容',
      ),
    );
    expect(bridge.callsTo('render:attach')).toEqual([]);
  });

  it("shows main's refusal in the dialog, then attaches: the render is collected in the Queue", async () => {
    const { row, bridge } = await openQueue();
    const { dialog, input } = await openDialog(row);
    const answer = bridge.state.renders;
    bridge.handle('render:attach', ({ executionId }) => {
      if (executionId === 'other-run') {
        throw new FakeFailure({
          kind: 'invalid-input',
          message: `Run other-run does not match render ${lost.id}: its model is Kling_2_6`,
        });
      }
      const view = answer.find((r) => r.id === lost.id) ?? lost;
      const { error: _error, ...rest } = view;
      return { ...rest, state: 'running', executionId };
    });

    fireEvent.change(input, { target: { value: 'other-run' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Attach' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'its model is Kling_2_6',
    );
    expect(screen.getByRole('dialog', { name: 'Attach the run you found' })).toBeTruthy();

    fireEvent.change(input, { target: { value: ' found-run-7 ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Attach' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Attach the run you found' })).toBeNull(),
    );
    expect(bridge.callsTo('render:attach')).toEqual([
      { id: lost.id, executionId: 'other-run' },
      { id: lost.id, executionId: 'found-run-7' },
    ]);
    const after = screen.getByRole('listitem', { name: 'Lost start' });
    expect(within(after).queryByRole('button', { name: /I found the run/ })).toBeNull();
    expect(within(after).getByText('Waiting at WeShop', { selector: '.badge' })).toBeTruthy();
  });

  it('Escape and Cancel close it without a call; renders with a run get no such button', async () => {
    const { row, bridge } = await openQueue();
    await openDialog(row);
    fireEvent.keyDown(document, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const { dialog } = await openDialog(row);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bridge.callsTo('render:attach')).toEqual([]);
    expect(screen.queryAllByRole('button', { name: /I found the run/ })).toHaveLength(1);
  });
});
