// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRender } from '../../testing/fixtures';
import { renderWithServices } from '../../testing/render';
import { SetView } from './SetView';

afterEach(cleanup);

const setOfThree = () => [
  makeRender(3, {
    setId: 'set-abc-123456',
    request: { prompt: 'wave' },
    videoUrls: ['http://m/1.mp4'],
  }),
  makeRender(2, {
    setId: 'set-abc-123456',
    request: { prompt: 'bow', model: 'Kling_2_6' },
    videoUrls: ['http://m/2.mp4'],
  }),
  makeRender(1, { setId: 'set-abc-123456', request: { prompt: 'spin' }, state: 'running' }),
  makeRender(4, { request: { prompt: 'not in the set' }, videoUrls: ['http://m/4.mp4'] }),
];

describe('SetView', () => {
  it('plays the set’s delivered videos side by side and keeps or discards each render', async () => {
    const renders = setOfThree();
    const { store, bridge } = renderWithServices(
      <SetView setId="set-abc-123456" onClose={() => undefined} />,
      { renders },
    );
    store.getState().upsertJobs(renders);
    expect(
      await screen.findByRole('dialog', { name: 'Set of 3: 3 prompts × 2 models' }),
    ).toBeTruthy();
    // Oldest first; the running render has no video yet, so two players.
    expect(document.querySelectorAll('video')).toHaveLength(2);
    expect(screen.getByRole('group', { name: 'Playback of the set' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: /^Keep variation 1:/ }));
    await waitFor(() => expect(bridge.callsTo('render:favourite')).toHaveLength(1));
    expect(bridge.callsTo('render:favourite')[0]).toEqual({ id: renders[0]?.id, favourite: true });

    fireEvent.click(screen.getByRole('button', { name: /^Discard variation 2:/ }));
    // Hidden at once (the delete waits out its Undo in the Library's toast).
    await waitFor(() =>
      expect(screen.getAllByRole('button', { name: /^Discard/ })).toHaveLength(2),
    );
  });

  it('plays every video of each render (a batch of 2 is two players), Keep / Discard once per render', async () => {
    const renders = [
      makeRender(3, {
        setId: 'set-abc-123456',
        request: { prompt: 'wave', batchCount: 2 },
        videoUrls: ['http://m/1a.mp4', 'http://m/1b.mp4'],
      }),
      makeRender(2, {
        setId: 'set-abc-123456',
        request: { prompt: 'bow' },
        videoUrls: ['http://m/2.mp4'],
      }),
    ];
    const { store } = renderWithServices(
      <SetView setId="set-abc-123456" onClose={() => undefined} />,
      { renders },
    );
    store.getState().upsertJobs(renders);
    await screen.findByRole('dialog', { name: /^Set of 2/ });
    const videos = [...document.querySelectorAll('video')];
    expect(videos.map((video) => video.getAttribute('src'))).toEqual([
      'http://m/1a.mp4',
      'http://m/1b.mp4',
      'http://m/2.mp4',
    ]);
    expect(videos[1]?.getAttribute('aria-label')).toMatch(/^Variation 1: .*, video 2 of 2: wave$/);
    expect(screen.getAllByRole('button', { name: /^Keep variation/ })).toHaveLength(2);
  });

  it('asks the core for its set (the renderer holds only the Library pages it shows)', async () => {
    const { bridge } = renderWithServices(
      <SetView setId="set-abc-123456" onClose={() => undefined} />,
      { renders: setOfThree() },
    );
    expect(
      await screen.findByRole('dialog', { name: 'Set of 3: 3 prompts × 2 models' }),
    ).toBeTruthy();
    expect(bridge.callsTo('render:list')).toContainEqual(
      expect.objectContaining({ setId: 'set-abc-123456' }),
    );
  });

  it('keeps focus inside the set when the focused Discard takes its variation away', async () => {
    const renders = setOfThree();
    const { store } = renderWithServices(
      <SetView setId="set-abc-123456" onClose={() => undefined} />,
      { renders },
    );
    store.getState().upsertJobs(renders);
    const dialog = await screen.findByRole('dialog', { name: /^Set of 3/ });
    const discard = screen.getByRole('button', { name: /^Discard variation 2:/ });
    discard.focus();
    fireEvent.click(discard);
    await screen.findByRole('dialog', { name: /^Set of 2/ });
    await waitFor(() => expect(discard.isConnected).toBe(false));
    // Never <body> behind a modal: the dialog's first control has it, as when it opened.
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
  });

  it('names each variation by the agent and mode that made it (a set across agents)', async () => {
    const renders = [
      makeRender(2, { setId: 'set-x-1234567', request: { prompt: 'same', model: 'Kling_3_0' } }),
      makeRender(1, {
        setId: 'set-x-1234567',
        request: { prompt: 'same', model: 'Kling_Video_O1_I2V' },
      }),
    ];
    const { store } = renderWithServices(
      <SetView setId="set-x-1234567" onClose={() => undefined} />,
      { renders },
    );
    store.getState().upsertJobs(renders);
    await screen.findByRole('dialog', { name: /^Set of 2/ });
    expect(
      screen.getByRole('button', { name: 'Keep variation 1: Kling 3.0, 5 seconds' }),
    ).toBeTruthy();
    expect(
      screen.getByRole('button', {
        name: 'Keep variation 2: Kling O1 · First frame to video, 5 seconds',
      }),
    ).toBeTruthy();
  });
});
