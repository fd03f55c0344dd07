// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chargeTwiceWarning,
  needsAttentionExplanation,
  stopWaitingDescription,
} from '../../job-labels';
import { makeRender } from '../../testing/fixtures';
import { renderApp } from '../../testing/render';

afterEach(cleanup);

const SENT = '2025-11-20T09:00:00.000Z';
const running = makeRender(1, {
  state: 'running',
  startSentAt: SENT,
  executionId: 'exec-1',
  remoteState: 'Segmenting',
  request: { prompt: 'Running job' },
});
const uploading = makeRender(2, { state: 'uploading', request: { prompt: 'Uploading job' } });
const downloading = makeRender(3, { state: 'downloading', request: { prompt: 'Downloading job' } });

async function openQueue() {
  const app = renderApp({ renders: [running, uploading, downloading] });
  fireEvent.keyDown(window, { key: '2', ctrlKey: true });
  await screen.findByRole('heading', { name: 'Queue' });
  await screen.findByRole('listitem', { name: 'Running job' });
  return app;
}

const item = (name: string) => screen.getByRole('listitem', { name });

describe('Queue', () => {
  it('labels each job with its state and the remote state while running', async () => {
    await openQueue();
    expect(
      within(item('Running job')).getByText('Generating', { selector: '.badge' }),
    ).toBeTruthy();
    expect(within(item('Uploading job')).getByText('Uploading image')).toBeTruthy();
    expect(within(item('Downloading job')).getByText('Downloading')).toBeTruthy();
  });

  it('shows the source image the core serves, when it kept a copy', async () => {
    const { bridge } = await openQueue();
    bridge.emit('job:update', { ...running, sourceImageUrl: 'http://127.0.0.1:9/x/source.png' });
    const image = await within(item('Running job')).findByAltText(
      `First frame: ${(running.request.image ?? '').split('/').at(-1)}`,
    );
    expect(image.getAttribute('src')).toBe('http://127.0.0.1:9/x/source.png');
    expect(within(item('Uploading job')).queryByRole('img')).toBeNull();
  });

  it("shows a waiting render's picture in the row at once, its name if it cannot be read", async () => {
    const { bridge } = await openQueue();
    const url = 'http://127.0.0.1:9/media/render-000002/source.png';
    // The core gives a waiting render its copy-to-be URL (it serves the original until then).
    bridge.emit('job:update', { ...uploading, sourceImageCopy: 'pending', sourceImageUrl: url });
    const name = (uploading.request.image ?? '').split('/').at(-1) ?? '';
    const image = await within(item('Uploading job')).findByAltText(`First frame: ${name}`);
    expect(image.getAttribute('src')).toBe(url);
    expect(image.classList.contains('queue-source')).toBe(true);
    // Moved away before its copy was made: the same box keeps its place, with the name.
    fireEvent.error(image);
    const box = await waitFor(() => {
      const found = item('Uploading job').querySelector('.queue-source-pending');
      expect(found).not.toBeNull();
      return found as HTMLElement;
    });
    expect(box.textContent).toContain(name);
    expect(within(item('Uploading job')).queryByRole('img')).toBeNull();
  });

  it('shows the step of each unfinished job in plain words, the current one marked', async () => {
    await openQueue();
    const current = (name: string) =>
      within(within(item(name)).getByRole('list', { name: 'Steps' }))
        .getAllByRole('listitem')
        .filter((step) => step.getAttribute('aria-current') === 'step')
        .map((step) => step.textContent);
    expect(current('Uploading job')).toEqual(['Upload']);
    expect(current('Running job')).toEqual(['Generating']);
    expect(current('Downloading job')).toEqual(['Download']);
    const steps = within(item('Downloading job')).getAllByRole('listitem');
    expect(steps.map((step) => step.textContent)).toEqual([
      'Done: Upload',
      'Done: Waiting',
      'Done: Generating',
      'Download',
    ]);
  });

  it('shows the server reason for a failed job as-is, and explains needs-attention', async () => {
    const { bridge } = await openQueue();
    bridge.emit(
      'job:update',
      makeRender(1, {
        state: 'failed',
        request: { prompt: 'Running job' },
        serverMessage: 'face not detected in the reference image',
        error: { kind: 'run-failed', message: 'The render failed on WeShop' },
      }),
    );
    bridge.emit(
      'job:update',
      makeRender(2, { state: 'needs-attention', request: { prompt: 'Uploading job' } }),
    );
    const failed = item('Running job');
    expect(await within(failed).findByText('Failed')).toBeTruthy();
    expect(within(failed).getByText('face not detected in the reference image')).toBeTruthy();
    expect(within(failed).getByText('The render failed on WeShop')).toBeTruthy();
    expect(within(item('Uploading job')).getByText(needsAttentionExplanation())).toBeTruthy();
  });

  it('says whether a failed render cost credits, and offers Edit & retry with its settings', async () => {
    const { bridge, store } = await openQueue();
    // WeShop refused the start (or the upload failed): no run id, nothing charged.
    bridge.emit('job:update', { ...uploading, state: 'failed' });
    // The run existed and WeShop reported what it cost.
    bridge.emit('job:update', {
      ...running,
      state: 'failed',
      credits: { powerConsumption: 40, powerBalanceAmount: 960 },
    });
    const refused = item('Uploading job');
    expect(
      await within(refused).findByText(
        'No credits were charged: WeShop never started this render.',
      ),
    ).toBeTruthy();
    expect(
      within(item('Running job')).getByText('WeShop ran this render and charged 40 credits.'),
    ).toBeTruthy();
    fireEvent.click(within(refused).getByRole('button', { name: 'Edit & retry' }));
    await waitFor(() => expect(store.getState().screen).toBe('new'));
    expect(store.getState().draft.prompt).toBe('Uploading job');
    expect(store.getState().draft.image).toBe(uploading.request.image);
    expect(bridge.callsTo('render:retry')).toEqual([]);
  });

  it('cancels a job through render:cancel and shows the new state', async () => {
    const { bridge } = await openQueue();
    fireEvent.click(within(item('Uploading job')).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(bridge.callsTo('render:cancel')).toEqual([{ id: uploading.id }]));
    expect(await within(item('Uploading job')).findByText('Canceled')).toBeTruthy();
    expect(within(item('Uploading job')).queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('retries a failed job through render:retry', async () => {
    const { bridge } = await openQueue();
    bridge.state.renders = bridge.state.renders.map((view) =>
      view.id === running.id ? { ...view, state: 'failed' } : view,
    );
    bridge.emit('job:update', { ...running, state: 'failed' });
    fireEvent.click(await within(item('Running job')).findByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(bridge.callsTo('render:retry')).toEqual([{ id: running.id }]));
    expect(await within(item('Running job')).findByText('Queued')).toBeTruthy();
  });

  it('shows main errors from an action instead of failing silently', async () => {
    const { bridge } = await openQueue();
    bridge.fail('render:cancel', { kind: 'not-found', message: 'No render with id render-000002' });
    fireEvent.click(within(item('Uploading job')).getByRole('button', { name: 'Cancel' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Cancel failed: No render with id render-000002',
    );
  });

  it('draws a download bar from job:progress bytes', async () => {
    const { bridge } = await openQueue();
    bridge.emit('job:progress', {
      id: downloading.id,
      videoIndex: 0,
      receivedBytes: 3 * 1024 * 1024,
      totalBytes: 12 * 1024 * 1024,
    });
    const bar = (await within(item('Downloading job')).findByLabelText(
      'Download progress',
    )) as HTMLProgressElement;
    expect(bar.getAttribute('value')).toBe(String(3 * 1024 * 1024));
    expect(bar.getAttribute('max')).toBe(String(12 * 1024 * 1024));
    expect(within(item('Downloading job')).getByText('3.0 MB of 12.0 MB')).toBeTruthy();
  });

  it('clears finished jobs but keeps the ones still running', async () => {
    const { bridge } = await openQueue();
    bridge.emit('job:update', { ...running, state: 'done' });
    await within(item('Running job')).findByText('Done');
    fireEvent.click(screen.getByRole('button', { name: 'Clear finished' }));
    expect(screen.queryByRole('listitem', { name: 'Running job' })).toBeNull();
    expect(item('Uploading job')).toBeTruthy();
  });

  it('says Stop waiting, not Cancel, once the start may have reached WeShop', async () => {
    const { bridge } = await openQueue();
    // Before the start: a real cancel, no credits spent.
    const before = within(item('Uploading job')).getByRole('button', { name: 'Cancel' });
    // Described only by the job's prompt (which render it cancels), not the credits warning.
    const beforeIds = (before.getAttribute('aria-describedby') ?? '').split(' ');
    expect(beforeIds.map((id) => document.getElementById(id)?.textContent)).toEqual([
      'Uploading job',
    ]);

    bridge.emit('job:update', { ...uploading, state: 'starting', startSentAt: SENT });
    const stop = await within(item('Uploading job')).findByRole('button', {
      name: 'Stop waiting',
    });
    expect(within(item('Uploading job')).queryByRole('button', { name: 'Cancel' })).toBeNull();
    // The button's accessible description says the credits are spent and the run stays collectable.
    const stopIds = (stop.getAttribute('aria-describedby') ?? '').split(' ');
    expect(document.getElementById(stopIds[0] ?? '')?.textContent).toBe('Uploading job');
    const description = document.getElementById(stopIds[1] ?? '');
    expect(description?.textContent).toBe(stopWaitingDescription());
    expect(description?.textContent).toMatch(/credits are spent/);
    expect(description?.textContent).toMatch(/Check again/);

    // A run with an id: the same.
    expect(within(item('Running job')).getByRole('button', { name: 'Stop waiting' })).toBeTruthy();
    fireEvent.click(stop);
    await waitFor(() => expect(bridge.callsTo('render:cancel')).toEqual([{ id: uploading.id }]));
  });

  it('asks before a retry that may charge twice, and only a confirm sends it', async () => {
    const attention = makeRender(4, {
      state: 'needs-attention',
      startSentAt: SENT,
      request: { prompt: 'Unknown start' },
      error: { kind: 'needs-attention', message: 'The app closed while the start was in flight' },
    });
    const { bridge } = renderApp({ renders: [attention] });
    fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    const job = await screen.findByRole('listitem', { name: 'Unknown start' });
    const retry = within(job).getByRole('button', { name: 'Retry anyway…' });
    expect(retry.getAttribute('aria-haspopup')).toBe('dialog');

    // Escape closes the dialog without retrying; focus returns to the button.
    retry.focus();
    fireEvent.click(retry);
    let dialog = await screen.findByRole('dialog', { name: 'Retry and risk paying twice?' });
    expect(within(dialog).getByText(chargeTwiceWarning())).toBeTruthy();
    expect(chargeTwiceWarning()).toMatch(/may charge you twice/);
    // The safe choice has the focus.
    expect(document.activeElement?.textContent).toBe('Don’t retry');
    fireEvent.keyDown(document, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(retry);

    // "Don't retry" does not retry either.
    fireEvent.click(retry);
    dialog = await screen.findByRole('dialog', { name: 'Retry and risk paying twice?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Don’t retry' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bridge.callsTo('render:retry')).toEqual([]);

    // Only "Retry anyway" sends the retry, with the explicit confirmation.
    fireEvent.click(retry);
    dialog = await screen.findByRole('dialog', { name: 'Retry and risk paying twice?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Retry anyway' }));
    await waitFor(() =>
      expect(bridge.callsTo('render:retry')).toEqual([
        { id: attention.id, confirmChargeTwice: true },
      ]),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await within(job).findByText('Queued')).toBeTruthy();
  });

  it('keeps the confirmation open and says why when main refuses the retry', async () => {
    const attention = makeRender(4, {
      state: 'needs-attention',
      startSentAt: SENT,
      request: { prompt: 'Unknown start' },
    });
    const { bridge } = renderApp({ renders: [attention] });
    bridge.fail('render:retry', { kind: 'no-key', message: 'No WeShop API key' });
    fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    const job = await screen.findByRole('listitem', { name: 'Unknown start' });
    fireEvent.click(within(job).getByRole('button', { name: 'Retry anyway…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Retry and risk paying twice?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Retry anyway' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('No WeShop API key');
  });

  it('shows a partial batch: what was delivered, why not the rest, and renders just the missing ones', async () => {
    const partial = makeRender(5, {
      state: 'partial',
      executionId: 'exec-5',
      request: { prompt: 'Half a batch', batchCount: 3 },
      videos: [{ index: 0, url: 'https://cdn.example/0.mp4', file: 'video-1.mp4' }],
      videoUrls: ['http://127.0.0.1:9/0.mp4'],
      serverMessage: 'Content moderation rejected 2 videos',
      error: {
        kind: 'run-failed',
        message: 'WeShop delivered 1 of 3 videos: Content moderation rejected 2 videos.',
      },
    });
    const { bridge, store } = renderApp({ renders: [partial] });
    // Loaded (a Library page; the Queue's own query takes only unfinished renders), then seen
    // unfinished in this session and partial again: the Queue follows it.
    await waitFor(() => expect(store.getState().libraryView(partial.id)).toBeTruthy());
    expect(store.getState().queueIds).not.toContain(partial.id);
    bridge.emit('job:update', { ...partial, state: 'running' });
    bridge.emit('job:update', partial);
    fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    const job = await screen.findByRole('listitem', { name: 'Half a batch' });
    expect(within(job).getByText('Partly delivered')).toBeTruthy();
    expect(within(job).getByText(/WeShop delivered 1 of 3 videos/)).toBeTruthy();
    expect(within(job).getByText('Content moderation rejected 2 videos')).toBeTruthy();
    // Not a Retry (that would pay for the delivered video again).
    expect(within(job).queryByRole('button', { name: /Retry/ })).toBeNull();
    expect(within(job).getByRole('button', { name: 'Open' })).toBeTruthy();

    fireEvent.click(within(job).getByRole('button', { name: 'Render the missing 2' }));
    const ask = await screen.findByRole('dialog', { name: 'Render the missing 2 videos?' });
    expect(
      await within(ask).findByText('Estimated cost: 40 credits · balance 960 credits'),
    ).toBeTruthy();
    expect(bridge.callsTo('render:estimate')).toEqual([{ ...partial.request, batchCount: 2 }]);
    fireEvent.click(within(ask).getByRole('button', { name: 'Render the missing 2' }));
    await waitFor(() =>
      expect(bridge.callsTo('render:render-missing')).toEqual([{ id: partial.id }]),
    );
    // The new render, of just the missing count, shows up in the Queue.
    const added = await waitFor(() => {
      const view = Object.values(store.getState().jobs).find((j) => j.id !== partial.id);
      if (!view) throw new Error('no new render yet');
      return view;
    });
    expect(added.request.batchCount).toBe(2);
    expect(store.getState().queueIds).toContain(added.id);
    expect(store.getState().toasts.at(-1)?.text).toBe(
      'Queued 2 videos: follow the new render in the Queue',
    );
  });

  it('asks for the missing videos once: then says where they are, and offers them again only after that render failed without a run', async () => {
    const partial = makeRender(6, {
      state: 'partial',
      executionId: 'exec-6',
      request: { prompt: 'Two of three', batchCount: 3 },
      videos: [
        { index: 0, url: 'https://cdn.example/0.mp4', file: 'video-1.mp4' },
        { index: 1, url: 'https://cdn.example/1.mp4', file: 'video-2.mp4' },
      ],
      videoUrls: ['http://127.0.0.1:9/0.mp4', 'http://127.0.0.1:9/1.mp4'],
    });
    const { bridge, store } = renderApp({ renders: [partial] });
    await waitFor(() => expect(store.getState().libraryView(partial.id)).toBeTruthy());
    bridge.emit('job:update', { ...partial, state: 'running' });
    bridge.emit('job:update', partial);
    fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    const job = await screen.findByRole('listitem', { name: 'Two of three' });
    fireEvent.click(within(job).getByRole('button', { name: 'Render the missing 1' }));
    const ask = await screen.findByRole('dialog', { name: 'Render the missing video?' });
    fireEvent.click(await within(ask).findByRole('button', { name: 'Render the missing 1' }));
    await waitFor(() => expect(store.getState().jobs[partial.id]?.missingRenderedBy).toBeTruthy());
    const followUp = store.getState().jobs[partial.id]?.missingRenderedBy as string;

    // Asked for: no second ask (a second click would have paid again), and it says where.
    await waitFor(() =>
      expect(within(job).queryByRole('button', { name: /Render the missing/ })).toBeNull(),
    );
    expect(
      within(job).getByText(
        'The missing video is being rendered as a new render: follow it in the Queue.',
      ),
    ).toBeTruthy();
    bridge.emit('job:update', { ...store.getState().jobs[followUp]!, state: 'done' });
    expect(
      await within(job).findByText(
        'The missing video was rendered as a new render: it is in the Library.',
      ),
    ).toBeTruthy();

    // That render failed before WeShop made a run (nothing paid): the ask is offered again.
    bridge.emit('job:update', { ...store.getState().jobs[followUp]!, state: 'failed' });
    expect(await within(job).findByRole('button', { name: 'Render the missing 1' })).toBeTruthy();
    expect(bridge.callsTo('render:render-missing')).toEqual([{ id: partial.id }]);
  });

  it('shows the warning of a job that is still going by itself', async () => {
    const { bridge } = await openQueue();
    const warning = '4 polls in a row failed (network unreachable); still trying every 30 s';
    bridge.emit('job:update', { ...running, warning });
    expect((await within(item('Running job')).findByRole('status')).textContent).toBe(warning);
    bridge.emit('job:update', running);
    await waitFor(() => expect(within(item('Running job')).queryByRole('status')).toBeNull());
  });

  it('offers Check again (no new charge) for a run it stopped waiting on', async () => {
    const { bridge } = await openQueue();
    const stopped = {
      ...running,
      state: 'canceled' as const,
      startSentAt: SENT,
      executionId: 'exec-1',
      error: { kind: 'canceled' as const, message: 'Stopped waiting: the run is on WeShop' },
    };
    bridge.state.renders = bridge.state.renders.map((v) => (v.id === running.id ? stopped : v));
    bridge.emit('job:update', stopped);
    const check = await within(item('Running job')).findByRole('button', { name: 'Check again' });
    expect(
      within(item('Running job')).getByText('Stopped waiting: the run is on WeShop'),
    ).toBeTruthy();
    fireEvent.click(check);
    // No dialog: checking an existing run cannot charge.
    await waitFor(() => expect(bridge.callsTo('render:retry')).toEqual([{ id: running.id }]));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('says so when the queue is empty', async () => {
    renderApp();
    fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    expect(await screen.findByText('Nothing in the queue.')).toBeTruthy();
  });
});
