// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SAMPLE_IMAGE } from '../../testing/fake-bridge';
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
        batchCount: 1,
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
    fireEvent.click(within(confirm).getByRole('button', { name: "Don't continue" }));
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
    fireEvent.click(within(confirm).getByRole('button', { name: "Don't continue" }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: /continue anyway/ })).toBeNull(),
    );
    expect(bridge.callsTo('render:continue')).toEqual([]);
  });
});

describe('ContinueDialog: videos, other agents and an end frame', () => {
  const omni = () =>
    makeRender(1, {
      request: {
        agent: 'kling-v3-omni',
        model: 'Kling_V3_Omni',
        duration: '12s',
        moreImages: ['/home/me/Pictures/b.png'],
        aspectRatio: '9:16',
        batchCount: 4,
      },
      videos: [{ index: 0, url: 'https://cdn/v0.mp4', file: 'video-1.mp4' }],
      videoUrls: ['http://media/a.mp4'],
    });

  it('asks how many videos (1, not the source batch of 4) and sends the count chosen', async () => {
    const view = omni();
    const onClose = vi.fn();
    const { bridge } = renderWithServices(<ContinueDialog view={view} onClose={onClose} />, {
      renders: [view],
    });
    expect((screen.getByLabelText('Videos') as HTMLInputElement).value).toBe('1');
    await waitFor(() =>
      expect(bridge.callsTo('render:estimate').at(-1)).toMatchObject({ batchCount: 1 }),
    );
    fireEvent.change(screen.getByLabelText('Videos'), { target: { value: '3' } });
    await waitFor(() =>
      expect(bridge.callsTo('render:estimate').at(-1)).toMatchObject({ batchCount: 3 }),
    );
    fireEvent.change(screen.getByLabelText('What happens next'), { target: { value: 'she bows' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(bridge.callsTo('render:continue')[0]).toMatchObject({ batchCount: 3 });
  });

  it('continues an Omni render with a model that starts from a picture, and offers only those', async () => {
    const view = omni();
    const { bridge } = renderWithServices(
      <ContinueDialog view={view} onClose={() => undefined} />,
      {
        renders: [view],
      },
    );
    const model = screen.getByLabelText('Model') as HTMLSelectElement;
    expect(model.value).toBe('Kling_3_0');
    expect([...model.options].map((o) => o.value)).toEqual([
      'Kling_3_0',
      'Kling_2_6',
      'Kling_2_5_Turbo',
      'Kling_2_1_Master',
      'Kling_2_1',
      'Kling_Video_O1_I2V',
    ]);
    expect(
      screen.getByText(
        'This render was made with Kling 3.0 Omni, which does not start from a picture: the continuation uses one that does.',
      ),
    ).toBeTruthy();
    // Priced as it will run: Kling 3.0 from a picture, without Omni's references or aspect.
    await waitFor(() => expect(bridge.callsTo('render:estimate').length).toBeGreaterThan(0));
    const priced = bridge.callsTo('render:estimate').at(-1);
    expect(priced).toMatchObject({ agent: 'kling', model: 'Kling_3_0', duration: '12s' });
    expect(priced).not.toHaveProperty('moreImages');
    expect(priced).not.toHaveProperty('aspectRatio');
  });

  it('ends on a picked picture: sent as endFrame, removable', async () => {
    const view = source(['http://media/a.mp4']);
    const onClose = vi.fn();
    const { bridge } = renderWithServices(<ContinueDialog view={view} onClose={onClose} />, {
      renders: [view],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Choose picture…' }));
    expect(await screen.findByAltText('End frame: portrait.png')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    expect(screen.queryByAltText('End frame: portrait.png')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Choose picture…' }));
    await screen.findByAltText('End frame: portrait.png');
    fireEvent.change(screen.getByLabelText('What happens next'), { target: { value: 'it lands' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(bridge.callsTo('render:continue')[0]).toMatchObject({
      model: 'Kling_2_6',
      endFrame: SAMPLE_IMAGE.path,
    });
  });

  it('on Kling 2.1 Master: says why there is no end frame, and refuses one picked before', async () => {
    const view = source(['http://media/a.mp4']);
    const { bridge } = renderWithServices(
      <ContinueDialog view={view} onClose={() => undefined} />,
      {
        renders: [view],
      },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Choose picture…' }));
    await screen.findByAltText('End frame: portrait.png');
    fireEvent.change(screen.getByLabelText('Model'), { target: { value: 'Kling_2_1_Master' } });
    const reason =
      'Kling 2.1 Master cannot end on a chosen picture: choose Kling 3.0, Kling 2.6, Kling 2.5 Turbo, Kling 2.1, or Kling O1 · First frame to video for an end frame';
    expect(screen.getByText(reason)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('What happens next'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(
      await screen.findByText(
        'Kling 2.1 Master cannot end on a chosen frame: choose Kling 3.0, 2.6, 2.5 Turbo or 2.1 for an end frame',
      ),
    ).toBeTruthy();
    expect(bridge.callsTo('render:continue')).toEqual([]);
    // Without the picture, the picker itself says why and picks nothing.
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    expect(screen.getByText(reason)).toBeTruthy();
    const pick = screen.getByRole('button', { name: 'Choose picture…' });
    expect(pick.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(pick);
    expect(bridge.callsTo('image:pick')).toHaveLength(1);
  });
});
