// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RenderRequest } from '../../../shared/render-request';
import { FakeFailure, SAMPLE_IMAGE } from '../../testing/fake-bridge';
import { makeRender } from '../../testing/fixtures';
import { renderApp } from '../../testing/render';

afterEach(cleanup);

const LAST = { ...SAMPLE_IMAGE, path: '/home/me/Pictures/closing-card.png' };
const agent = (name: RegExp) => screen.getByRole('radio', { name });
const select = (label: string) =>
  screen.getByLabelText(label, { exact: true }) as HTMLSelectElement;
const options = (label: string) => [...select(label).options].map((o) => o.textContent);
const queueButton = () => screen.getByRole('button', { name: /Queue render/ });
const promptBox = () => screen.getByLabelText(/^Motion prompt/) as HTMLTextAreaElement;

async function openForm(initial: Parameters<typeof renderApp>[0] = {}) {
  const app = renderApp(initial);
  await screen.findByRole('heading', { name: 'New render' });
  return app;
}

describe('New render: the agent choice, from the catalogue', () => {
  it('offers the four agents with their summaries, and each agent only its own fields', async () => {
    await openForm();
    for (const [name, summary] of [
      [/^Kling$/, 'A picture comes to life: first frame, optional end frame'],
      [
        /^Kling 3.0 Omni$/,
        'From text alone or up to 4 reference pictures, optional reference video',
      ],
      [/^Kling O1$/, 'References (text, pictures, video) or first frame to video'],
      [/^Motion Control$/, 'A character picture moves like a reference video'],
    ] as const) {
      expect(agent(name).getAttribute('aria-describedby')).toBeTruthy();
      expect(screen.getByText(summary)).toBeTruthy();
    }
    // Kling: its five models, first + end frame, no video, no aspect ratio.
    expect(options('Model')).toEqual([
      'Kling 3.0',
      'Kling 2.6',
      'Kling 2.5 Turbo',
      'Kling 2.1 Master',
      'Kling 2.1',
    ]);
    expect(screen.getByRole('heading', { name: 'First frame' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'End frame (optional)' })).toBeTruthy();
    expect(screen.queryByLabelText(/Reference video URL/)).toBeNull();
    expect(screen.queryByLabelText('Aspect ratio')).toBeNull();

    // Omni: one model (no choice), references, optional video, aspect ratio, audio.
    fireEvent.click(agent(/^Kling 3.0 Omni$/));
    expect(screen.queryByLabelText('Model', { exact: true })).toBeNull();
    expect(screen.getByRole('heading', { name: 'Reference images (optional)' })).toBeTruthy();
    expect(
      screen.getByText(/The prompt calls them by these numbers: “image 1”, “image 2”/),
    ).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Image 1' })).toBeTruthy();
    expect(screen.getByLabelText('Reference video URL (optional)')).toBeTruthy();
    expect(options('Aspect ratio')).toEqual(['16:9 landscape', '9:16 portrait', '1:1 square']);
    expect((screen.getByLabelText('Generate audio') as HTMLInputElement).disabled).toBe(false);
    expect(options('Duration')).toHaveLength(13);

    // O1: two models of one name read as modes; no audio at all.
    fireEvent.click(agent(/^Kling O1$/));
    expect(options('Mode')).toEqual(['Text or references', 'First frame to video']);
    expect(select('Aspect ratio').value).toBe('9:16');
    expect(screen.queryByLabelText('Generate audio')).toBeNull();
    fireEvent.change(select('Mode'), { target: { value: 'Kling_Video_O1_I2V' } });
    expect(screen.getByRole('heading', { name: 'End frame (optional)' })).toBeTruthy();
    expect(screen.queryByLabelText(/Reference video URL/)).toBeNull();
    expect(screen.queryByLabelText('Aspect ratio')).toBeNull();
    expect(options('Duration')).toHaveLength(8);

    // Motion Control: a character, a required video, no duration choice, an optional prompt.
    fireEvent.click(agent(/^Motion Control$/));
    expect(screen.getByRole('heading', { name: 'Character' })).toBeTruthy();
    expect(screen.getByLabelText('Reference video URL (required)')).toBeTruthy();
    expect(screen.queryByLabelText('Duration')).toBeNull();
    expect(screen.getByText(/Set by the reference video/)).toBeTruthy();
    expect(screen.getByLabelText('Motion prompt (optional)')).toBeTruthy();
  });

  it('queues a text-only Omni render in 9:16', async () => {
    const { bridge } = await openForm();
    fireEvent.click(agent(/^Kling 3.0 Omni$/));
    fireEvent.change(promptBox(), { target: { value: 'A lighthouse in a storm' } });
    fireEvent.change(select('Aspect ratio'), { target: { value: '9:16' } });
    await waitFor(() => expect(queueButton().getAttribute('aria-disabled')).toBe('false'));
    fireEvent.click(queueButton());
    await waitFor(() => expect(bridge.callsTo('render:queue')).toHaveLength(1));
    expect(bridge.callsTo('render:queue')[0]).toEqual({
      agent: 'kling-v3-omni',
      model: 'Kling_V3_Omni',
      prompt: 'A lighthouse in a storm',
      duration: '5s',
      generateAudio: false,
      batchCount: 1,
      aspectRatio: '9:16',
    });
    expect(bridge.callsTo('image:prepare')).toEqual([]);
  });
});

describe('New render: pictures by role', () => {
  it('takes an end frame through the same checks and upload as the first, and sends it', async () => {
    const { bridge } = await openForm();
    fireEvent.click(screen.getByRole('button', { name: /Choose image/ }));
    await screen.findByAltText('Preview of portrait.png');
    bridge.state.pickedImage = LAST;
    fireEvent.click(screen.getByRole('button', { name: 'End frame: pick an image' }));
    await screen.findByAltText('Preview of closing-card.png');
    await waitFor(() =>
      expect(bridge.callsTo('image:prepare')).toEqual([
        { path: SAMPLE_IMAGE.path },
        { path: LAST.path },
      ]),
    );
    fireEvent.change(promptBox(), { target: { value: 'the door opens' } });
    fireEvent.click(queueButton());
    await waitFor(() => expect(bridge.callsTo('render:queue')).toHaveLength(1));
    expect(bridge.callsTo('render:queue')[0]).toMatchObject({
      image: SAMPLE_IMAGE.path,
      endFrame: LAST.path,
    });
  });

  it('says why a damaged end frame cannot be used, beside it', async () => {
    const { bridge } = await openForm();
    bridge.fail('image:pick', {
      kind: 'invalid-input',
      message: 'closing-card.png is damaged: it ends before its last block',
    });
    fireEvent.click(screen.getByRole('button', { name: 'End frame: pick an image' }));
    const error = await screen.findByText(/closing-card.png is damaged/);
    expect(
      screen
        .getByRole('button', { name: 'End frame: pick an image' })
        .getAttribute('aria-describedby'),
    ).toContain(error.id);
  });

  it('turns the end frame off with the reason on Kling 2.1 Master, and says it was left out', async () => {
    const { bridge, store } = await openForm();
    bridge.state.pickedImage = LAST;
    fireEvent.click(screen.getByRole('button', { name: 'End frame: pick an image' }));
    await screen.findByAltText('Preview of closing-card.png');
    fireEvent.change(select('Model'), { target: { value: 'Kling_2_1_Master' } });
    expect(
      screen.getByText('End frame left out: Kling 2.1 Master cannot end on a chosen frame.'),
    ).toBeTruthy();
    const zone = screen.getByRole('button', { name: 'End frame: pick an image' });
    expect(zone.getAttribute('aria-disabled')).toBe('true');
    const reason = document.getElementById('endFrame-reason');
    expect(reason?.textContent).toBe(
      'Kling 2.1 Master cannot end on a chosen frame: choose Kling 3.0, Kling 2.6, Kling 2.5 Turbo, or Kling 2.1 for an end frame.',
    );
    expect(zone.getAttribute('aria-describedby')).toContain('endFrame-reason');
    fireEvent.click(zone);
    expect(bridge.callsTo('image:pick')).toHaveLength(1);
    expect(store.getState().draft.endFrame).toBe('');
  });

  it('numbers reference images in order, offers the next slot, and renumbers on remove', async () => {
    const { bridge, store } = await openForm();
    fireEvent.click(agent(/^Kling 3.0 Omni$/));
    expect(screen.queryByRole('heading', { name: 'Image 2' })).toBeNull();
    for (const n of [1, 2, 3]) {
      bridge.state.pickedImage = { ...SAMPLE_IMAGE, path: `/home/me/ref-${n}.png` };
      const name = n === 1 ? 'Drop an image here, or pick one' : `Image ${n}: pick an image`;
      fireEvent.click(screen.getByRole('button', { name }));
      await screen.findByAltText(`Preview of ref-${n}.png`);
    }
    expect(screen.getByRole('heading', { name: 'Image 4' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Remove image 2' }));
    expect(store.getState().draft.moreImages).toEqual(['/home/me/ref-3.png']);
    expect(
      screen.getByText('Image 3 is now image 2: check the numbers in your prompt.'),
    ).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Image 4' })).toBeNull();
  });
});

describe('New render: the reference video', () => {
  it('checks a pasted URL as it is typed and turns the aspect ratio off while one is set', async () => {
    const { bridge } = await openForm();
    fireEvent.click(agent(/^Kling 3.0 Omni$/));
    const url = screen.getByLabelText('Reference video URL (optional)');
    fireEvent.change(url, { target: { value: 'http://videos.example.com/clip.mp4' } });
    const message = screen.getByText(
      'Reference video: the URL must use https (WeShop fetches it from the internet), not http',
    );
    expect(url.getAttribute('aria-describedby')).toContain(message.id);
    fireEvent.change(url, { target: { value: 'https://videos.example.com/clip.mp4' } });
    expect(screen.queryByText(/must use https/)).toBeNull();
    expect(select('Aspect ratio').disabled).toBe(true);
    expect(screen.getByText(/The reference video sets the aspect ratio/)).toBeTruthy();
    fireEvent.change(promptBox(), { target: { value: 'same camera move' } });
    fireEvent.click(queueButton());
    await waitFor(() => expect(bridge.callsTo('render:queue')).toHaveLength(1));
    const sent = bridge.callsTo('render:queue')[0];
    expect(sent).toMatchObject({ referenceVideo: 'https://videos.example.com/clip.mp4' });
    expect(sent).not.toHaveProperty('aspectRatio');
  });

  it('picks a library render whose WeShop link answers, and says which ones expired', async () => {
    const fresh = makeRender(1, {
      request: { prompt: 'Dancer spins' },
      videos: [{ index: 0, url: 'https://cdn.weshop.test/v/fresh.mp4' }],
    });
    const old = makeRender(2, {
      request: { prompt: 'Old clip' },
      videos: [{ index: 0, url: 'https://cdn.weshop.test/v/old.mp4' }],
    });
    const { bridge, store } = await openForm({ renders: [fresh, old] });
    bridge.handle('video:check-url', ({ id }) =>
      id === old.id
        ? {
            ok: false,
            url: 'x',
            message: "WeShop's link to this video has expired (it answers 404)",
          }
        : { ok: true, url: 'x', message: 'The link answers' },
    );
    fireEvent.click(agent(/^Motion Control$/));
    fireEvent.click(screen.getByRole('button', { name: 'Pick from library…' }));
    const dialog = await screen.findByRole('dialog', { name: /Pick a reference video/ });
    await within(dialog).findByText(/has expired \(it answers 404\)/);
    const useOld = within(dialog).getByRole('button', { name: 'Use this video: Old clip' });
    expect(useOld.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(useOld);
    expect(screen.getByRole('dialog')).toBeTruthy();
    await waitFor(() =>
      expect(
        within(dialog)
          .getByRole('button', { name: 'Use this video: Dancer spins' })
          .getAttribute('aria-disabled'),
      ).toBe('false'),
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Use this video: Dancer spins' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(store.getState().draft.referenceVideo).toBe('https://cdn.weshop.test/v/fresh.mp4');
    expect(bridge.callsTo('video:check-url')).toEqual([
      { id: fresh.id, videoIndex: 0 },
      { id: old.id, videoIndex: 0 },
    ]);
    expect(bridge.callsTo('render:list').at(-1)).toMatchObject({ state: 'done' });
  });

  it('says when the library cannot be read', async () => {
    const { bridge } = await openForm();
    fireEvent.click(agent(/^Motion Control$/));
    bridge.handle('render:list', () => {
      throw new FakeFailure({ kind: 'internal', message: 'The library index is unreadable.' });
    });
    fireEvent.click(screen.getByRole('button', { name: 'Pick from library…' }));
    expect(await screen.findByText('The library index is unreadable.')).toBeTruthy();
  });
});

describe('Use these settings carries every input', () => {
  it('puts the end frame back and checks it again', async () => {
    const { bridge, store } = await openForm();
    const request = RenderRequest.parse({
      image: SAMPLE_IMAGE.path,
      endFrame: LAST.path,
      prompt: 'the door opens',
      model: 'Kling_2_5_Turbo',
    });
    await store.getState().reuseSettings(request);
    expect(store.getState().draft).toMatchObject({
      agent: 'kling',
      image: SAMPLE_IMAGE.path,
      endFrame: LAST.path,
      model: 'Kling_2_5_Turbo',
    });
    expect(bridge.callsTo('image:inspect')).toEqual(
      expect.arrayContaining([{ path: SAMPLE_IMAGE.path }, { path: LAST.path }]),
    );
    expect(await screen.findByAltText('Preview of closing-card.png')).toBeTruthy();
  });
});
