// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderView } from '../../../shared/job';
import { makeRender } from '../../testing/fixtures';
import { renderWithServices } from '../../testing/render';
import { CreativeActions } from './CreativeActions';

afterEach(cleanup);

/** A render continuing `from` (the newer the n, the older the render: makeRender counts back). */
const continuing = (n: number, from: RenderView | null, prompt: string) =>
  makeRender(n, {
    request: { prompt },
    ...(from ? { continuedFrom: { id: from.id, videoIndex: 0 } } : {}),
  });

// a → b → c, made in that order; the store holds none of them (the Library's pages are
// elsewhere in a big library): only the core knows the chain.
const a = continuing(30, null, 'the harbour at dawn');
const b = continuing(20, a, 'the boats leave');
const c = continuing(10, b, 'open sea');
const unrelated = makeRenders(5);

function makeRenders(count: number): RenderView[] {
  return Array.from({ length: count }, (_, i) => makeRender(100 + i));
}

describe('CreativeActions: the Sequence button', () => {
  it('asks the core for the chain: the whole sequence though only one render is held', async () => {
    const { bridge, store } = renderWithServices(<CreativeActions view={b} />, {
      renders: [...unrelated, a, b, c],
    });
    expect(Object.keys(store.getState().jobs)).toEqual([]);
    fireEvent.click(await screen.findByRole('button', { name: 'Sequence (3)' }));
    expect(bridge.callsTo('sequence:get')).toEqual([{ id: b.id }]);
    const dialog = screen.getByRole('dialog', { name: 'Sequence of 3 renders' });
    const clips = within(dialog).getByRole('list', { name: 'Clips in play order' });
    expect(
      within(clips)
        .getAllByRole('button')
        .map((chip) => chip.textContent),
    ).toEqual([
      '1. the harbour at dawn (not downloaded)',
      '2. the boats leave (not downloaded)',
      '3. open sea (not downloaded)',
    ]);
  });

  it('asks again when the Library reloads, and when a continuation of the chain is seen', async () => {
    const { bridge, store } = renderWithServices(<CreativeActions view={a} />, {
      renders: [a, b],
    });
    await screen.findByRole('button', { name: 'Sequence (2)' });
    // Continued elsewhere (another process): the Library's reload asks again.
    bridge.state.renders = [...bridge.state.renders, c];
    await act(() => store.getState().loadLibrary());
    await screen.findByRole('button', { name: 'Sequence (3)' });
    // A continuation seen by event (job:update) asks again without a reload.
    const d = continuing(5, c, 'the storm');
    bridge.state.renders = [...bridge.state.renders, d];
    act(() => store.getState().upsertJobs([d]));
    await screen.findByRole('button', { name: 'Sequence (4)' });
  });

  it('shows no button for a render in no sequence, and says so when the core cannot answer', async () => {
    const { bridge } = renderWithServices(<CreativeActions view={unrelated[0] as RenderView} />, {
      renders: unrelated,
    });
    await act(async () => {});
    expect(bridge.callsTo('sequence:get')).toHaveLength(1);
    expect(screen.queryByRole('button', { name: /Sequence/ })).toBeNull();
    cleanup();
    const failing = renderWithServices(<CreativeActions view={b} />, { renders: [a, b, c] });
    failing.bridge.fail('sequence:get', { kind: 'internal', message: 'the index is busy' });
    await act(() => failing.store.getState().loadLibrary());
    // The chain known before stays offered, and the failed look-up is said.
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not look up the sequence of this render: the index is busy',
    );
    expect(screen.getByRole('button', { name: 'Sequence (3)' })).toBeTruthy();
  });
});
