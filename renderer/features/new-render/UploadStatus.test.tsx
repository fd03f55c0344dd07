// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PreparedImage } from '../../../shared/ipc';
import { FakeFailure, SAMPLE_IMAGE } from '../../testing/fake-bridge';
import { renderApp } from '../../testing/render';

afterEach(cleanup);

const prepared = (reused: boolean): PreparedImage => ({
  imageUrl: 'https://cdn.weshop.test/uploads/portrait.png',
  sha256: 'b'.repeat(64),
  bytes: SAMPLE_IMAGE.bytes,
  format: SAMPLE_IMAGE.format,
  uploadedAt: new Date().toISOString(),
  reused,
});

/** An image:prepare answer the test hands out when it wants. */
function heldAnswer() {
  let answer: (value: PreparedImage) => void = () => {};
  let refuse: (error: Error) => void = () => {};
  const promise = new Promise<PreparedImage>((resolve, reject) => {
    answer = resolve;
    refuse = reject;
  });
  return {
    promise,
    answer: (value: PreparedImage) => answer(value),
    refuse: (e: Error) => refuse(e),
  };
}

async function openAndPick(app: ReturnType<typeof renderApp>) {
  await screen.findByRole('heading', { name: 'New render' });
  fireEvent.click(app.getByRole('button', { name: /Choose image/ }));
  await screen.findByAltText(`Preview of ${SAMPLE_IMAGE.path.split('/').at(-1)}`);
}

const statusLine = () => document.querySelector('[data-upload-state]');

describe('New render: the picked image uploads at once', () => {
  it('asks main to upload on pick and says when it is on WeShop', async () => {
    const app = renderApp();
    const held = heldAnswer();
    app.bridge.handle('image:prepare', () => held.promise);
    await openAndPick(app);
    expect(app.bridge.callsTo('image:prepare')).toEqual([{ path: SAMPLE_IMAGE.path }]);
    expect(statusLine()?.getAttribute('data-upload-state')).toBe('uploading');
    expect(screen.getByText('Uploading to WeShop…')).toBeTruthy();
    held.answer(prepared(false));
    await screen.findByText('Uploaded to WeShop: ready to queue.');
    expect(statusLine()?.getAttribute('data-upload-state')).toBe('uploaded');
  });

  it('says why an upload failed, and Try again asks once more', async () => {
    const app = renderApp();
    app.bridge.handle('image:prepare', () => {
      throw new FakeFailure({ kind: 'network', message: 'WeShop could not be reached.' });
    });
    await openAndPick(app);
    await screen.findByText(
      'Upload failed: WeShop could not be reached. Queue render tries the upload again.',
    );
    app.bridge.handle('image:prepare', () => prepared(true));
    fireEvent.click(screen.getByRole('button', { name: 'Try the upload again' }));
    await screen.findByText('Already on WeShop: ready to queue.');
    expect(app.bridge.callsTo('image:prepare')).toHaveLength(2);
  });

  it('asks for the estimate again once Try again has uploaded the image', async () => {
    const app = renderApp();
    app.bridge.handle('image:prepare', () => {
      throw new FakeFailure({ kind: 'network', message: 'WeShop could not be reached.' });
    });
    // Main estimates through the same upload: while it fails, there is no figure.
    app.bridge.handle('render:estimate', () => ({
      credits: null,
      unavailable: 'the image could not be uploaded (WeShop could not be reached.).',
    }));
    await openAndPick(app);
    fireEvent.change(screen.getByLabelText('Motion prompt'), { target: { value: 'orbit' } });
    await screen.findByText(
      'No cost estimate: the image could not be uploaded (WeShop could not be reached.).',
      {},
      { timeout: 3000 },
    );
    app.bridge.handle('image:prepare', () => prepared(false));
    app.bridge.handle('render:estimate', () => ({ credits: 40, balance: 960, enough: true }));
    fireEvent.click(screen.getByRole('button', { name: 'Try the upload again' }));
    await screen.findByText('Uploaded to WeShop: ready to queue.');
    expect(
      await screen.findByText(
        'Estimated cost: 40 credits · balance 960 credits',
        {},
        { timeout: 3000 },
      ),
    ).toBeTruthy();
  });

  it('an answer for an image no longer picked is not shown for the new one', async () => {
    const app = renderApp();
    const first = heldAnswer();
    app.bridge.handle('image:prepare', () => first.promise);
    await openAndPick(app);
    const second = heldAnswer();
    app.bridge.handle('image:prepare', () => second.promise);
    app.bridge.state.pickedImage = { ...SAMPLE_IMAGE, path: '/home/me/Pictures/other.png' };
    fireEvent.click(app.getByRole('button', { name: /Choose another image/ }));
    await screen.findByAltText('Preview of other.png');
    await waitFor(() => expect(app.bridge.callsTo('image:prepare')).toHaveLength(2));
    first.refuse(new FakeFailure({ kind: 'network', message: 'late failure of the old one' }));
    // Let the old answer reach the hook (its handlers run after this promise settles).
    await act(async () => {
      await first.promise.catch(() => undefined);
    });
    expect(statusLine()?.getAttribute('data-upload-state')).toBe('uploading');
    second.answer(prepared(false));
    await screen.findByText('Uploaded to WeShop: ready to queue.');
  });
});
