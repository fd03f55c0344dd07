// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { NEEDS_ATTENTION_EXPLANATION } from '../../job-labels';
import { makeRender } from '../../testing/fixtures';
import { renderApp } from '../../testing/render';

afterEach(cleanup);

const running = makeRender(1, {
  state: 'running',
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
    expect(within(item('Running job')).getByText('Running · Segmenting')).toBeTruthy();
    expect(within(item('Uploading job')).getByText('Uploading image')).toBeTruthy();
    expect(within(item('Downloading job')).getByText('Downloading')).toBeTruthy();
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
    expect(within(item('Uploading job')).getByText(NEEDS_ATTENTION_EXPLANATION)).toBeTruthy();
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

  it('says so when the queue is empty', async () => {
    renderApp();
    fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    expect(await screen.findByText('Nothing in the queue.')).toBeTruthy();
  });
});
