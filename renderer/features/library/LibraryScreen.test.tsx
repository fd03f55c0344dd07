// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderView } from '../../../shared/job';
import { PAGE_SIZE } from '../../store/library-pages';
import type { FakeBridge } from '../../testing/fake-bridge';
import { makeRender, makeRenders } from '../../testing/fixtures';
import { renderWithServices } from '../../testing/render';
import type { ObserveRect } from './LibraryGrid';
import { LibraryScreen } from './LibraryScreen';

afterEach(cleanup);

// happy-dom does no layout, so the grid is given the viewport a real window would report.
const fixedViewport =
  (width: number, height: number): ObserveRect =>
  (_instance, callback) => {
    callback({ width, height });
    return () => {};
  };

const JPEG = 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2w==';

async function openLibrary(
  renders: RenderView[],
  captureFrame: (url: string) => Promise<string> = async () => JPEG,
) {
  const app = renderWithServices(
    <LibraryScreen observeRect={fixedViewport(1000, 700)} captureFrame={captureFrame} />,
    { renders },
  );
  await act(() => app.store.getState().loadLibrary());
  return app;
}

const cards = () => screen.queryAllByRole('listitem');

/** The grid asks for pages (offset, limit); the sets strip and the Queue ask their own queries. */
const FIRST_PAGE = { offset: 0, limit: PAGE_SIZE };
const lastPageQuery = (bridge: FakeBridge) =>
  bridge.callsTo('render:list').findLast((query) => query.offset !== undefined);

describe('Library grid', () => {
  it('keeps the DOM small with 10,000 renders and follows scrolling', async () => {
    const { container } = await openLibrary(makeRenders(10_000));
    expect(screen.getByText('10,000 renders')).toBeTruthy();
    const shown = cards();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThanOrEqual(40);
    expect(container.querySelectorAll('*').length).toBeLessThan(1500);
    expect(shown[0]?.getAttribute('aria-posinset')).toBe('1');
    expect(shown[0]?.getAttribute('aria-setsize')).toBe('10000');

    const scroller = screen.getByRole('list');
    act(() => {
      scroller.scrollTop = 268 * 1000;
      scroller.dispatchEvent(new Event('scroll'));
    });
    await waitFor(() => expect(cards()[0]?.getAttribute('aria-posinset')).not.toBe('1'));
    const first = Number(cards()[0]?.getAttribute('aria-posinset'));
    expect(first).toBeGreaterThan(3900);
    expect(first).toBeLessThan(4100);
    expect(cards().length).toBeLessThanOrEqual(40);
  });

  it('sends every filter to render:list as a LibraryQuery', async () => {
    const { bridge } = await openLibrary(makeRenders(3));
    const lastQuery = () => lastPageQuery(bridge);

    fireEvent.change(screen.getByLabelText('Search prompts'), { target: { value: 'lake' } });
    await waitFor(() =>
      expect(lastQuery()).toEqual({ sort: 'newest', text: 'lake', ...FIRST_PAGE }),
    );

    fireEvent.change(screen.getByLabelText('Model'), { target: { value: 'Kling_2_6' } });
    fireEvent.change(screen.getByLabelText('State'), { target: { value: 'failed' } });
    fireEvent.click(screen.getByLabelText('Favourites only'));
    // The date inputs wait behind one toggle (fewer Tab stops).
    expect(screen.queryByLabelText('From')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Dates' }));
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2025-11-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2025-11-30' } });
    fireEvent.change(screen.getByLabelText('Sort'), { target: { value: 'oldest' } });
    await waitFor(() =>
      expect(lastQuery()).toEqual({
        sort: 'oldest',
        text: 'lake',
        model: 'Kling_2_6',
        state: 'failed',
        favouritesOnly: true,
        from: new Date('2025-11-01T00:00:00.000').toISOString(),
        to: new Date('2025-11-30T23:59:59.999').toISOString(),
        ...FIRST_PAGE,
      }),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Reset filters' }));
    await waitFor(() => expect(lastQuery()).toEqual({ sort: 'newest', ...FIRST_PAGE }));
    expect((screen.getByLabelText('Search prompts') as HTMLInputElement).value).toBe('');
    // Nothing left to reset: still focusable (aria-disabled), so focus stays on it.
    const reset = screen.getByRole('button', { name: 'Reset filters' }) as HTMLButtonElement;
    await waitFor(() => expect(reset.getAttribute('aria-disabled')).toBe('true'));
    expect(reset.disabled).toBe(false);
  });

  it('says when no render matches the filters', async () => {
    await openLibrary(makeRenders(3));
    fireEvent.change(screen.getByLabelText('Search prompts'), { target: { value: 'zzz' } });
    expect(await screen.findByText('No renders match these filters.')).toBeTruthy();
  });

  it('invites a first render when the library is empty, and offers to clear filters', async () => {
    const { store } = await openLibrary([]);
    expect(screen.getByText('Your library is empty.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Make your first render' }));
    expect(store.getState().screen).toBe('new');
  });
});

describe('Library detail', () => {
  const done = makeRender(7, {
    request: { prompt: 'Paper boat drifting', model: 'Kling_2_6', duration: '10s', batchCount: 2 },
    videoUrls: ['http://127.0.0.1:9/a.mp4', null],
    thumbnailUrl: 'http://127.0.0.1:9/a.jpg',
    credits: { powerConsumption: 40, powerBalanceAmount: 960 },
  });

  async function openDetail() {
    const app = await openLibrary([done, makeRender(8)]);
    fireEvent.click(screen.getByRole('button', { name: 'Open render: Paper boat drifting' }));
    const dialog = await screen.findByRole('dialog', { name: /^Render details/ });
    return { ...app, dialog };
  }

  it('plays each downloaded video and lists every setting and the credits', async () => {
    const { dialog } = await openDetail();
    const video = within(dialog).getByLabelText('video 1 of 2') as HTMLVideoElement;
    expect(video.tagName).toBe('VIDEO');
    expect(video.getAttribute('src')).toBe('http://127.0.0.1:9/a.mp4');
    expect(video.controls).toBe(true);
    expect(
      within(dialog).getByRole('tab', { name: 'Video 2 of 2: not downloaded yet' }),
    ).toBeTruthy();
    for (const text of [
      'Paper boat drifting',
      'Kling 2.6',
      '10 seconds',
      '40 credits',
      '960 credits',
    ]) {
      expect(within(dialog).getByText(text)).toBeTruthy();
    }
  });

  it('is titled after the render, shows its source image and copies its prompt', async () => {
    const app = renderWithServices(
      <LibraryScreen observeRect={fixedViewport(1000, 700)} captureFrame={async () => JPEG} />,
      { renders: [{ ...done, sourceImageUrl: 'http://127.0.0.1:9/render-7/source.png' }] },
    );
    await act(() => app.store.getState().loadLibrary());
    fireEvent.click(screen.getByRole('button', { name: 'Open render: Paper boat drifting' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Render details: “Paper boat drifting”',
    });
    const source = within(dialog).getByAltText(
      `First frame: ${done.request.image?.split('/').at(-1)}`,
    );
    expect(source.getAttribute('src')).toBe('http://127.0.0.1:9/render-7/source.png');
    // Through main's clipboard (app:copy-text), never the page's.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Copy prompt' }));
    await waitFor(() =>
      expect(app.bridge.callsTo('app:copy-text')).toEqual([{ text: 'Paper boat drifting' }]),
    );
    expect(app.store.getState().toasts.at(-1)?.text).toBe('Prompt copied');
  });

  it('says when the source image could not be kept (the original was gone before the copy)', async () => {
    const app = renderWithServices(
      <LibraryScreen observeRect={fixedViewport(1000, 700)} captureFrame={async () => JPEG} />,
      { renders: [{ ...done, sourceImageCopy: 'missing' }] },
    );
    await act(() => app.store.getState().loadLibrary());
    fireEvent.click(screen.getByRole('button', { name: 'Open render: Paper boat drifting' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Render details: “Paper boat drifting”',
    });
    const name = done.request.image?.split('/').at(-1) as string;
    expect(
      within(dialog).getByText(new RegExp(`First frame not kept: ${name} was moved or deleted`)),
    ).toBeTruthy();
    expect(within(dialog).queryByAltText(`First frame: ${name}`)).toBeNull();
  });

  it('says whether a failed render was charged and offers Edit & retry', async () => {
    const failed = makeRender(9, { state: 'failed', request: { prompt: 'Broken wave' } });
    const app = await openLibrary([failed]);
    fireEvent.click(screen.getByRole('button', { name: 'Open render: Broken wave' }));
    const dialog = await screen.findByRole('dialog', { name: /^Render details/ });
    expect(
      within(dialog).getByText('No credits were charged: WeShop never started this render.'),
    ).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Edit & retry' }));
    await waitFor(() => expect(app.store.getState().screen).toBe('new'));
    expect(app.store.getState().draft.prompt).toBe('Broken wave');
  });

  it('toggles the favourite, shows the folder, and closes on Escape', async () => {
    const { bridge, dialog } = await openDetail();
    fireEvent.click(within(dialog).getByRole('button', { name: /Favourite/ }));
    await waitFor(() =>
      expect(bridge.callsTo('render:favourite')).toEqual([{ id: done.id, favourite: true }]),
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Show in folder' }));
    await waitFor(() => expect(bridge.callsTo('render:show-in-folder')).toEqual([{ id: done.id }]));
    fireEvent.keyDown(document, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('saves the video being watched and exports the render, saying where', async () => {
    const { bridge, dialog, store } = await openDetail();
    const toastTexts = () => store.getState().toasts.map((toast) => toast.text);
    // Video 2 of this batch is not downloaded: only video 1 has the controls and a save.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save video 1 as…' }));
    await waitFor(() =>
      expect(bridge.callsTo('render:save-video')).toEqual([{ id: done.id, videoIndex: 0 }]),
    );
    await waitFor(() =>
      expect(toastTexts()).toContain(`Video saved: /home/me/Videos/${done.id}-1.mp4`),
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export render…' }));
    await waitFor(() =>
      expect(toastTexts()).toContain(`Exported 2 files to /home/me/Exports/kling-${done.id}`),
    );
    expect(bridge.callsTo('render:export')).toEqual([{ id: done.id }]);
  });

  it('steps frames with , and . and sets speed and loop on the player with controls', async () => {
    const { dialog } = await openDetail();
    const video = within(dialog).getByLabelText('video 1 of 2') as HTMLVideoElement;
    fireEvent.keyDown(video, { key: '.' });
    expect(video.currentTime).toBeCloseTo(1 / 30, 5);
    fireEvent.click(within(dialog).getByRole('button', { name: /^Forward 1 frame/ }));
    expect(video.currentTime).toBeCloseTo(2 / 30, 5);
    fireEvent.keyDown(video, { key: ',' });
    expect(video.currentTime).toBeCloseTo(1 / 30, 5);
    fireEvent.change(within(dialog).getByLabelText('Speed'), { target: { value: '2' } });
    fireEvent.click(within(dialog).getByLabelText('Loop'));
    expect(video.playbackRate).toBe(2);
    expect(video.loop).toBe(true);
  });

  it('deletes only after confirmation, with Undo for a few seconds', async () => {
    const { bridge, dialog, store } = await openDetail();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete…' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete this render?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    expect(bridge.callsTo('render:delete')).toEqual([]);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete…' }));
    const again = await screen.findByRole('dialog', { name: 'Delete this render?' });
    fireEvent.click(within(again).getByRole('button', { name: 'Delete render' }));
    // Out of the library at once (main sets the folder aside for Undo; store test).
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(store.getState().pendingDeletes).toEqual({ [done.id]: true });
    await waitFor(() => expect(store.getState().toasts.at(-1)?.action?.label).toBe('Undo'));
    expect(bridge.callsTo('render:delete')).toEqual([{ id: done.id }]);
    expect(screen.queryByRole('button', { name: 'Open render: Paper boat drifting' })).toBeNull();
  });

  it('fills New render with "Use these settings"', async () => {
    const { dialog, store, bridge } = await openDetail();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Use these settings' }));
    await waitFor(() => expect(store.getState().screen).toBe('new'));
    // The draft's other fields (end frame, references, video…) are New render's: empty here.
    expect(store.getState().draft).toMatchObject({
      agent: 'kling',
      image: done.request.image,
      endFrame: '',
      moreImages: [],
      prompt: 'Paper boat drifting',
      model: 'Kling_2_6',
      duration: '10s',
      generateAudio: false,
      batchCount: '2',
    });
    await waitFor(() =>
      expect(bridge.callsTo('image:inspect')).toEqual([{ path: done.request.image }]),
    );
  });
});

describe('Library detail of renders that need the user', () => {
  const partial = makeRender(9, {
    state: 'partial',
    executionId: 'exec-9',
    request: { prompt: 'Three lanterns rising', batchCount: 3 },
    videos: [
      { index: 0, url: 'https://cdn.example/0.mp4', file: 'video-1.mp4' },
      { index: 1, url: 'https://cdn.example/1.mp4', file: 'video-2.mp4' },
    ],
    videoUrls: ['http://127.0.0.1:9/0.mp4', 'http://127.0.0.1:9/1.mp4'],
    serverMessage: 'One video failed the safety check',
    error: {
      kind: 'run-failed',
      message: 'WeShop delivered 2 of 3 videos: One video failed the safety check.',
    },
  });
  const attention = makeRender(10, {
    state: 'needs-attention',
    startSentAt: '2025-11-20T09:00:00.000Z',
    request: { prompt: 'Start never answered' },
  });

  it('offers Partly delivered as a state filter', async () => {
    const { bridge } = await openLibrary([partial]);
    const option = within(screen.getByLabelText('State')).getByRole('option', {
      name: 'Partly delivered',
    }) as HTMLOptionElement;
    fireEvent.change(screen.getByLabelText('State'), { target: { value: option.value } });
    await waitFor(() =>
      expect(lastPageQuery(bridge)).toEqual({ sort: 'newest', state: 'partial', ...FIRST_PAGE }),
    );
    expect(within(cards()[0] as HTMLElement).getByText('Partly delivered')).toBeTruthy();
  });

  it('plays the delivered videos of a partial render, marks the rest, and renders the missing one', async () => {
    const { bridge, store } = await openLibrary([partial]);
    fireEvent.click(screen.getByRole('button', { name: 'Open render: Three lanterns rising' }));
    const dialog = await screen.findByRole('dialog', { name: /^Render details/ });
    // One large player; the switcher's tabs show the others in it.
    expect(within(dialog).getByLabelText('video 1 of 3').tagName).toBe('VIDEO');
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Video 2 of 3' }));
    const second = within(dialog).getByLabelText('video 2 of 3') as HTMLVideoElement;
    expect(second.tagName).toBe('VIDEO');
    expect(second.controls).toBe(true);
    expect(
      within(dialog).getByRole('tab', { name: 'Video 2 of 3' }).getAttribute('aria-selected'),
    ).toBe('true');
    expect(
      within(dialog).getByRole('tab', { name: 'Video 3 of 3: not delivered by WeShop' }),
    ).toBeTruthy();
    expect(within(dialog).getByText('2 of 3 delivered')).toBeTruthy();
    expect(within(dialog).getByText('One video failed the safety check')).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: /Retry/ })).toBeNull();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Render the missing 1' }));
    // What the one missing video costs is shown before anything is queued.
    const ask = await screen.findByRole('dialog', { name: 'Render the missing video?' });
    expect(
      await within(ask).findByText('Estimated cost: 40 credits · balance 960 credits'),
    ).toBeTruthy();
    expect(bridge.callsTo('render:estimate')).toEqual([{ ...partial.request, batchCount: 1 }]);
    expect(bridge.callsTo('render:render-missing')).toEqual([]);
    fireEvent.click(within(ask).getByRole('button', { name: 'Render the missing 1' }));
    await waitFor(() =>
      expect(bridge.callsTo('render:render-missing')).toEqual([{ id: partial.id }]),
    );
    await waitFor(() =>
      expect(store.getState().toasts.at(-1)?.text).toBe(
        'Queued 1 video: follow the new render in the Queue',
      ),
    );
  });

  it('asks over the detail before Retry anyway, and Escape closes only the question', async () => {
    const { bridge } = await openLibrary([attention]);
    fireEvent.click(screen.getByRole('button', { name: 'Open render: Start never answered' }));
    const detail = await screen.findByRole('dialog', { name: /^Render details/ });
    fireEvent.click(within(detail).getByRole('button', { name: 'Retry anyway…' }));
    const confirm = await screen.findByRole('dialog', { name: 'Retry and risk paying twice?' });
    fireEvent.keyDown(document, { key: 'Escape' });
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Retry and risk paying twice?' })).toBeNull(),
    );
    expect(screen.getByRole('dialog', { name: /^Render details/ })).toBeTruthy();
    expect(bridge.callsTo('render:retry')).toEqual([]);
    expect(confirm.isConnected).toBe(false);

    fireEvent.click(within(detail).getByRole('button', { name: 'Retry anyway…' }));
    const again = await screen.findByRole('dialog', { name: 'Retry and risk paying twice?' });
    fireEvent.click(within(again).getByRole('button', { name: 'Retry anyway' }));
    await waitFor(() =>
      expect(bridge.callsTo('render:retry')).toEqual([
        { id: attention.id, confirmChargeTwice: true },
      ]),
    );
  });
});

describe('Library compare', () => {
  it('plays one video of each render in sync and marks the settings that differ', async () => {
    const renders = [
      makeRender(1, { request: { prompt: 'First take' }, videoUrls: ['http://127.0.0.1:9/1.mp4'] }),
      makeRender(2, {
        request: { prompt: 'Second take', image: '/home/me/Pictures/photo-1.png' },
        videoUrls: ['http://127.0.0.1:9/2.mp4'],
      }),
      makeRender(3),
    ];
    await openLibrary(renders);
    const compareButton = () => screen.getByRole('button', { name: 'Compare side by side' });
    fireEvent.click(screen.getByLabelText('Select for compare: First take'));
    expect((compareButton() as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByLabelText('Select for compare: Second take'));
    fireEvent.click(compareButton());
    const dialog = await screen.findByRole('dialog', { name: 'Compare renders' });
    expect(within(dialog).getByLabelText('Render 1: First take').getAttribute('src')).toBe(
      'http://127.0.0.1:9/1.mp4',
    );
    expect(within(dialog).getByLabelText('Render 2: Second take').getAttribute('src')).toBe(
      'http://127.0.0.1:9/2.mp4',
    );
    // One control row drives both: no native controls to play one out of step.
    expect(dialog.querySelectorAll('video[controls]')).toHaveLength(0);
    expect(
      within(dialog).getByRole('group', { name: 'Playback of the compared renders' }),
    ).toBeTruthy();
    const table = within(dialog).getByRole('table');
    expect(within(table).getByText('Settings: 1 differs (marked)')).toBeTruthy();
    const promptRow = within(table).getByRole('row', { name: /^Prompt Differs/ });
    expect(within(promptRow).getByText('First take')).toBeTruthy();
    expect(within(promptRow).getByText('Second take')).toBeTruthy();
    expect(within(table).getByRole('row', { name: /^Model / }).className).not.toContain('differs');
  });
});

describe('Library thumbnails', () => {
  it('captures first frames for visible done renders without one, one at a time', async () => {
    const renders = makeRenders(500, { videoUrls: ['http://127.0.0.1:9/v.mp4'] });
    let inFlight = 0;
    let maxInFlight = 0;
    const captured: string[] = [];
    const capture = async (url: string) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      captured.push(url);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return JPEG;
    };
    const { bridge } = await openLibrary(renders, capture);
    const visible = cards().length;
    // Generous bound: captures run one after another, and CI machines can be slow.
    await waitFor(() => expect(bridge.callsTo('render:save-thumbnail')).toHaveLength(visible), {
      timeout: 10_000,
    });
    expect(maxInFlight).toBe(1);
    expect(visible).toBeLessThan(100);
    expect(bridge.callsTo('render:save-thumbnail')[0]).toEqual({
      id: 'render-000001',
      dataUrl: JPEG,
    });
    // The saved thumbnail comes back in the view and replaces the placeholder.
    await waitFor(() => expect(cards()[0]?.querySelector('img')?.getAttribute('src')).toBe(JPEG), {
      timeout: 10_000,
    });
  });
});
