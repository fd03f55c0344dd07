// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { GET_KEY_URL } from '../../../shared/settings';
import { SAMPLE_IMAGE } from '../../testing/fake-bridge';
import { makeRender } from '../../testing/fixtures';
import { renderApp } from '../../testing/render';

afterEach(cleanup);

const modelSelect = () => screen.getByLabelText('Model') as HTMLSelectElement;
const durationSelect = () => screen.getByLabelText('Duration') as HTMLSelectElement;
const audioBox = () => screen.getByLabelText('Generate audio') as HTMLInputElement;
const promptBox = () => screen.getByLabelText('Motion prompt') as HTMLTextAreaElement;
const batchBox = () => screen.getByLabelText('Videos') as HTMLInputElement;
const queueButton = () => screen.getByRole('button', { name: /Queue render/ }) as HTMLButtonElement;
const optionValues = (select: HTMLSelectElement) =>
  [...select.options].map((option) => option.value);

async function openForm(initial: Parameters<typeof renderApp>[0] = {}) {
  const app = renderApp(initial);
  await screen.findByRole('heading', { name: 'New render' });
  return app;
}

async function pickImage() {
  fireEvent.click(screen.getByRole('button', { name: /Choose image/ }));
  await screen.findByAltText(`Preview of ${SAMPLE_IMAGE.path.split('/').at(-1)}`);
}

describe('New render', () => {
  it('offers the durations and audio each model allows', async () => {
    await openForm();
    expect(modelSelect().value).toBe('Kling_3_0');
    expect(optionValues(durationSelect())).toHaveLength(13);
    expect(audioBox().disabled).toBe(false);

    fireEvent.change(modelSelect(), { target: { value: 'Kling_2_1' } });
    expect(optionValues(durationSelect())).toEqual(['5s', '10s']);
    expect(audioBox().disabled).toBe(true);
    expect(
      screen.getByText(/Kling 2.1 cannot generate audio; only Kling 3.0 and Kling 2.6 can/),
    ).toBeTruthy();
  });

  it('resets the duration to the model default when it becomes invalid, and keeps it when valid', async () => {
    await openForm();
    fireEvent.change(durationSelect(), { target: { value: '10s' } });
    fireEvent.change(modelSelect(), { target: { value: 'Kling_2_6' } });
    expect(durationSelect().value).toBe('10s');

    fireEvent.change(modelSelect(), { target: { value: 'Kling_3_0' } });
    fireEvent.change(durationSelect(), { target: { value: '12s' } });
    fireEvent.change(modelSelect(), { target: { value: 'Kling_2_5_Turbo' } });
    expect(durationSelect().value).toBe('5s');
  });

  it('turns audio off when the new model cannot make it', async () => {
    await openForm();
    fireEvent.click(audioBox());
    expect(audioBox().checked).toBe(true);
    fireEvent.change(modelSelect(), { target: { value: 'Kling_2_1_Master' } });
    expect(audioBox().checked).toBe(false);
  });

  it('shows the schema messages next to the fields and keeps the button disabled', async () => {
    await openForm();
    // aria-disabled (still focusable), and it says what is missing.
    expect(queueButton().getAttribute('aria-disabled')).toBe('true');
    expect(queueButton().disabled).toBe(false);
    const missing = document.getElementById(queueButton().getAttribute('aria-describedby') ?? '');
    expect(missing?.textContent).toContain('Describe the motion you want');

    fireEvent.change(promptBox(), { target: { value: '   ' } });
    fireEvent.blur(promptBox());
    const promptError = await screen.findByText(
      'Describe the motion you want (a prompt is required)',
    );
    expect(promptBox().getAttribute('aria-describedby')).toContain(promptError.id);

    fireEvent.change(batchBox(), { target: { value: '17' } });
    expect(screen.getByText('Videos: at most 16 in one render')).toBeTruthy();
    fireEvent.change(batchBox(), { target: { value: '2.5' } });
    expect(screen.getAllByText(/Videos: a whole number from 1 to 16/).length).toBeGreaterThan(0);
    expect(queueButton().getAttribute('aria-disabled')).toBe('true');
  });

  it('queues the parsed request with render:queue', async () => {
    const { bridge } = await openForm();
    await pickImage();
    expect(screen.getByText('1024 × 1536 px')).toBeTruthy();
    fireEvent.change(promptBox(), { target: { value: '  slow pan across the lake  ' } });
    fireEvent.change(modelSelect(), { target: { value: 'Kling_2_6' } });
    fireEvent.change(durationSelect(), { target: { value: '10s' } });
    fireEvent.click(audioBox());
    fireEvent.change(batchBox(), { target: { value: '3' } });
    expect(queueButton().getAttribute('aria-disabled')).toBe('false');
    expect(queueButton().getAttribute('aria-describedby')).toBeNull();

    fireEvent.click(queueButton());
    await waitFor(() => expect(bridge.callsTo('render:queue')).toHaveLength(1));
    expect(bridge.callsTo('render:queue')[0]).toEqual({
      agent: 'kling',
      image: SAMPLE_IMAGE.path,
      prompt: 'slow pan across the lake',
      model: 'Kling_2_6',
      duration: '10s',
      generateAudio: true,
      batchCount: 3,
    });
    expect(await screen.findByText('Queued 3 videos')).toBeTruthy();
    // The toast leads to where the render goes on, and closes behind itself.
    fireEvent.click(screen.getByRole('button', { name: 'View in Queue' }));
    const queueHeading = await screen.findByRole('heading', { name: 'Queue', level: 1 });
    expect(screen.queryByText('Queued 3 videos')).toBeNull();
    // The toast's button is gone with it: focus lands on the new screen's heading, not <body>.
    await waitFor(() => expect(document.activeElement).toBe(queueHeading));
  });

  it('shows the error main returns, as-is, next to the button', async () => {
    const { bridge } = await openForm();
    bridge.fail('render:queue', {
      kind: 'insufficient-credits',
      message: 'Not enough credits: this render needs 40, you have 12',
    });
    await pickImage();
    fireEvent.change(promptBox(), { target: { value: 'wave' } });
    fireEvent.click(queueButton());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Not enough credits: this render needs 40, you have 12');
  });

  it('queues with Ctrl+Enter', async () => {
    const { bridge } = await openForm();
    await pickImage();
    fireEvent.change(promptBox(), { target: { value: 'zoom out' } });
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(bridge.callsTo('render:queue')).toHaveLength(1));
  });

  it('shows the cost estimate and balance once the request is valid, and says so when main has none', async () => {
    const { bridge } = await openForm();
    await pickImage();
    fireEvent.change(promptBox(), { target: { value: 'orbit the subject' } });
    expect(
      await screen.findByText(
        'Estimated cost: 40 credits · balance 960 credits',
        {},
        { timeout: 3000 },
      ),
    ).toBeTruthy();
    expect(bridge.callsTo('render:estimate').at(-1)).toMatchObject({ prompt: 'orbit the subject' });

    bridge.handle('render:estimate', () => ({ credits: null, unavailable: 'WeShop is down.' }));
    fireEvent.change(promptBox(), { target: { value: 'orbit the subject slowly' } });
    expect(
      await screen.findByText('No cost estimate: WeShop is down.', {}, { timeout: 3000 }),
    ).toBeTruthy();
    expect(screen.queryByText(/Estimated cost/)).toBeNull();
  });

  it('warns when the estimate is more than the balance, and remembers answers per request', async () => {
    const { bridge } = await openForm();
    bridge.handle('render:estimate', (request) =>
      request.prompt === 'dear'
        ? { credits: 500, balance: 100, enough: false }
        : { credits: 20, balance: 100, enough: true },
    );
    await pickImage();
    fireEvent.change(promptBox(), { target: { value: 'dear' } });
    expect(
      await screen.findByText(
        'Estimated cost: 500 credits · balance 100 credits — more than your balance',
        {},
        { timeout: 3000 },
      ),
    ).toBeTruthy();
    fireEvent.change(promptBox(), { target: { value: 'cheap' } });
    await screen.findByText(
      'Estimated cost: 20 credits · balance 100 credits',
      {},
      { timeout: 3000 },
    );
    const asked = bridge.callsTo('render:estimate').length;
    fireEvent.change(promptBox(), { target: { value: 'dear' } });
    // Remembered: shown at once, no new call.
    expect(screen.getByText(/Estimated cost: 500 credits/)).toBeTruthy();
    expect(bridge.callsTo('render:estimate')).toHaveLength(asked);
  });

  it('asks for the estimate again once a render is paid, so the balance shown is current', async () => {
    const { bridge, store } = await openForm();
    bridge.handle('render:estimate', () => ({ credits: 20, balance: 100, enough: true }));
    await pickImage();
    fireEvent.change(promptBox(), { target: { value: 'orbit' } });
    await screen.findByText(
      'Estimated cost: 20 credits · balance 100 credits',
      {},
      { timeout: 3000 },
    );
    // A render's cost arrives: WeShop now reports less left, and the same request says so.
    bridge.handle('render:estimate', () => ({ credits: 20, balance: 10, enough: false }));
    act(() => {
      store
        .getState()
        .upsertJobs([makeRender(1, { credits: { powerConsumption: 90, powerBalanceAmount: 10 } })]);
    });
    expect(
      await screen.findByText(
        'Estimated cost: 20 credits · balance 10 credits — more than your balance',
        {},
        { timeout: 3000 },
      ),
    ).toBeTruthy();
  });

  it('asks before queueing a render over the per-render cap, and queues only after Queue anyway', async () => {
    const { bridge, store } = await openForm();
    bridge.handle('render:estimate', () => ({ credits: 80, enough: true }));
    await store.getState().updateSettings({ maxCreditsPerRender: 50 });
    await pickImage();
    fireEvent.change(promptBox(), { target: { value: 'orbit' } });
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    const dialog = await screen.findByRole('dialog', { name: /Over your budget/ });
    expect(dialog.textContent).toContain(
      'This render is estimated at 80 credits, more than your per-render cap of 50 credits.',
    );
    expect(bridge.callsTo('render:queue')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: "Don't queue" }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(bridge.callsTo('render:queue')).toHaveLength(0);

    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    await screen.findByRole('dialog', { name: /Over your budget/ });
    fireEvent.click(screen.getByRole('button', { name: 'Queue anyway' }));
    await waitFor(() => expect(bridge.callsTo('render:queue')).toHaveLength(1));
  });

  it('the budget question opens Settings → Budget in one press (the question closes)', async () => {
    const { bridge, store } = await openForm();
    bridge.handle('render:estimate', () => ({ credits: 80, enough: true }));
    await store.getState().updateSettings({ maxCreditsPerRender: 50 });
    await pickImage();
    fireEvent.change(promptBox(), { target: { value: 'orbit' } });
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    const dialog = await screen.findByRole('dialog', { name: /Over your budget/ });
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Change the caps in Settings → Budget' }),
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(store.getState().budgetConcern).toBeNull();
    await waitFor(() =>
      expect(document.activeElement?.closest('section')?.getAttribute('aria-labelledby')).toBe(
        'budget-title',
      ),
    );
    expect(bridge.callsTo('render:queue')).toHaveLength(0);
  });

  it('opens the picker from the whole image box, and again from the preview', async () => {
    const { bridge } = await openForm();
    const box = screen.getByRole('button', { name: 'Drop an image here, or pick one' });
    // A real button: Enter and Space open it as a click does, and it takes a Tab stop.
    expect(box.tagName).toBe('BUTTON');
    fireEvent.click(box);
    await screen.findByAltText('Preview of portrait.png');
    fireEvent.click(
      screen.getByRole('button', { name: 'Preview of portrait.png: pick another image' }),
    );
    await waitFor(() => expect(bridge.callsTo('image:pick')).toHaveLength(2));
  });

  it('inspects a file dropped on the window through pathForFile and image:inspect', async () => {
    const { bridge } = await openForm();
    const file = new File(['x'], 'dog.webp', { type: 'image/webp' });
    bridge.setPathForFile(file, '/home/me/dog.webp');
    fireEvent.drop(window, { dataTransfer: { files: [file], types: ['Files'] } });
    await screen.findByAltText('Preview of dog.webp');
    expect(bridge.callsTo('image:inspect')).toEqual([{ path: '/home/me/dog.webp' }]);
  });

  it('explains a dropped file whose path is unknown', async () => {
    await openForm();
    const file = new File(['x'], 'clip.png', { type: 'image/png' });
    fireEvent.drop(window, { dataTransfer: { files: [file], types: ['Files'] } });
    expect(await screen.findByText(/Could not read where "clip.png" is stored/)).toBeTruthy();
  });

  it('fills the prompt from the recent prompts list', async () => {
    await openForm({ recentPrompts: ['camera pans left', 'hair in the wind'] });
    const recent = await screen.findByRole('group', { name: 'Recent prompts' });
    fireEvent.click(
      within(recent).getByRole('button', { name: 'Use recent prompt: hair in the wind' }),
    );
    expect(promptBox().value).toBe('hair in the wind');
  });
});

describe('first run', () => {
  it('leads to Settings and to the key page when no key is set', async () => {
    const { bridge } = renderApp({ keyStatus: { set: false, source: null, last4: null } });
    await screen.findByRole('heading', { name: 'Welcome to Kling Studio' });
    expect(screen.queryByLabelText('Motion prompt')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: /Get an API key/ }));
    await waitFor(() =>
      expect(bridge.callsTo('app:open-external')).toEqual([{ url: GET_KEY_URL }]),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Open Settings to add your key' }));
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeTruthy();
    expect(screen.getByTestId('key-status').textContent).toBe('Not set');
  });

  it('switches screens with Ctrl/Cmd+1..5', async () => {
    renderApp();
    await screen.findByRole('heading', { name: 'New render' });
    act(() => {
      fireEvent.keyDown(window, { key: '3', ctrlKey: true });
    });
    expect(await screen.findByRole('heading', { name: 'Library' })).toBeTruthy();
    fireEvent.keyDown(window, { key: '2', metaKey: true });
    expect(await screen.findByRole('heading', { name: 'Queue' })).toBeTruthy();
    fireEvent.keyDown(window, { key: '5', ctrlKey: true });
    expect(await screen.findByRole('heading', { name: 'Spent' })).toBeTruthy();
  });
});
