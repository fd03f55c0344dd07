// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeRender } from '../../testing/fixtures';
import { renderWithServices } from '../../testing/render';
import { ContinueDialog } from './ContinueDialog';

// happy-dom decodes no video: the capture is Chromium's job (checked end to end in E2E).
const FRAME = 'data:image/png;base64,iVBORw0KGgo=';
vi.mock('./capture-last-frame', () => ({
  captureLastFrame: vi.fn(async (url: string) => {
    if (url.includes('broken')) throw new Error('The video could not be decoded');
    return FRAME;
  }),
}));

afterEach(cleanup);

const source = (videoUrls: (string | null)[]) =>
  makeRender(1, {
    request: { model: 'Kling_2_6', duration: '10s' },
    videos: videoUrls.map((_, index) => ({
      index,
      url: `https://cdn/v${index}.mp4`,
      file: `video-${index + 1}.mp4`,
    })),
    videoUrls,
  });

describe('ContinueDialog', () => {
  it('sends the chosen video’s last frame with the same settings and the new prompt', async () => {
    const view = source(['http://media/a.mp4', 'http://media/b.mp4']);
    const onClose = vi.fn();
    const { bridge } = renderWithServices(<ContinueDialog view={view} onClose={onClose} />, {
      renders: [view],
    });
    expect((screen.getByLabelText('Model') as HTMLSelectElement).value).toBe('Kling_2_6');
    expect((screen.getByLabelText('Duration') as HTMLSelectElement).value).toBe('10s');
    fireEvent.change(screen.getByLabelText('From video'), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('What happens next'), {
      target: { value: 'the boat sails away' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(bridge.callsTo('render:continue')).toEqual([
      {
        id: view.id,
        videoIndex: 1,
        prompt: 'the boat sails away',
        model: 'Kling_2_6',
        duration: '10s',
        frameDataUrl: FRAME,
      },
    ]);
    expect(bridge.state.renders[0]?.continuedFrom).toEqual({ id: view.id, videoIndex: 1 });
  });

  it('asks for a prompt first, and says why a frame could not be taken', async () => {
    const view = source(['http://media/broken.mp4']);
    const { bridge } = renderWithServices(
      <ContinueDialog view={view} onClose={() => undefined} />,
      {
        renders: [view],
      },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(screen.getByText('Describe what happens next (a prompt is required)')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('What happens next'), { target: { value: 'on' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByText('The video could not be decoded')).toBeTruthy();
    expect(bridge.callsTo('render:continue')).toEqual([]);
  });

  it('keeps the duration when the new model allows it, else takes its default', () => {
    const view = source(['http://media/a.mp4']);
    renderWithServices(<ContinueDialog view={view} onClose={() => undefined} />);
    fireEvent.change(screen.getByLabelText('Model'), { target: { value: 'Kling_3_0' } });
    expect((screen.getByLabelText('Duration') as HTMLSelectElement).value).toBe('10s');
    fireEvent.change(screen.getByLabelText('Duration'), { target: { value: '12s' } });
    fireEvent.change(screen.getByLabelText('Model'), { target: { value: 'Kling_2_1' } });
    expect((screen.getByLabelText('Duration') as HTMLSelectElement).value).toBe('5s');
  });

  it('opens on the prompt, the one thing to write', async () => {
    const view = source(['http://media/a.mp4']);
    renderWithServices(<ContinueDialog view={view} onClose={() => undefined} />, {
      renders: [view],
    });
    await screen.findByRole('dialog', { name: 'Continue from the last frame' });
    expect(document.activeElement).toBe(screen.getByLabelText('What happens next'));
  });

  it('shows what the continued render costs, priced with the chosen model and duration', async () => {
    const view = source(['http://media/a.mp4']);
    const { bridge } = renderWithServices(
      <ContinueDialog view={view} onClose={() => undefined} />,
      {
        renders: [view],
      },
    );
    expect(await screen.findByText(/Estimated cost: 40 credits/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Model'), { target: { value: 'Kling_3_0' } });
    fireEvent.change(screen.getByLabelText('Duration'), { target: { value: '12s' } });
    await waitFor(() =>
      expect(bridge.callsTo('render:estimate').at(-1)).toMatchObject({
        image: view.request.image,
        model: 'Kling_3_0',
        duration: '12s',
        generateAudio: view.request.generateAudio,
        batchCount: view.request.batchCount,
      }),
    );
  });

  it('over the per-render cap: asks first, and "Don\'t queue" sends nothing', async () => {
    const view = source(['http://media/a.mp4']);
    const onClose = vi.fn();
    const { bridge, store } = renderWithServices(<ContinueDialog view={view} onClose={onClose} />, {
      renders: [view],
    });
    await store.getState().updateSettings({ maxCreditsPerRender: 30 });
    fireEvent.change(screen.getByLabelText('What happens next'), { target: { value: 'sail on' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    const confirm = await screen.findByRole('dialog', {
      name: 'Over your budget: continue anyway?',
    });
    expect(confirm.textContent).toContain(
      'This render is estimated at 40 credits, more than your per-render cap of 30 credits.',
    );
    fireEvent.click(within(confirm).getByRole('button', { name: "Don't queue" }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: /continue anyway/ })).toBeNull(),
    );
    expect(bridge.callsTo('render:continue')).toEqual([]);
    expect(onClose).not.toHaveBeenCalled();
    // Asked again, the explicit OK sends it.
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    const again = await screen.findByRole('dialog', { name: 'Over your budget: continue anyway?' });
    fireEvent.click(within(again).getByRole('button', { name: 'Continue anyway' }));
    await waitFor(() => expect(bridge.callsTo('render:continue')).toHaveLength(1));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });

  it('with a cap set and no estimate, says so and asks', async () => {
    const view = source(['http://media/a.mp4']);
    const { bridge, store } = renderWithServices(
      <ContinueDialog view={view} onClose={() => undefined} />,
      { renders: [view] },
    );
    bridge.handle('render:estimate', () => ({ credits: null, unavailable: 'WeShop is busy.' }));
    await store.getState().updateSettings({ maxCreditsPerDay: 100 });
    expect(await screen.findByText('No cost estimate: WeShop is busy.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('What happens next'), { target: { value: 'sail on' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    const confirm = await screen.findByRole('dialog', { name: 'Cost unknown: continue anyway?' });
    expect(confirm.textContent).toContain(
      'No cost estimate is available, so your daily cap (100 credits) cannot be checked.',
    );
    fireEvent.click(within(confirm).getByRole('button', { name: "Don't queue" }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: /continue anyway/ })).toBeNull(),
    );
    expect(bridge.callsTo('render:continue')).toEqual([]);
  });
});
