// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderView } from '../../../shared/job';
import { SAMPLE_IMAGE } from '../../testing/fake-bridge';
import { renderWithServices } from '../../testing/render';
import { StoryboardScreen } from './StoryboardScreen';

afterEach(cleanup);

const keyframeNames = () =>
  within(screen.getByRole('list', { name: 'Keyframes in order' }))
    .getAllByRole('listitem')
    .map((item) => item.getAttribute('aria-label'))
    .filter(Boolean)
    .map((label) => /^Keyframe \d+: (\S+)/.exec(label as string)?.[1]);

describe('StoryboardScreen', () => {
  it('builds a storyboard (pick, reorder by button and keyboard, remove), shows the total, queues one set, re-renders a failed transition and joins the done ones', async () => {
    const { bridge, store } = renderWithServices(<StoryboardScreen />);
    const add = async (name: string) => {
      bridge.state.pickedImage = { ...SAMPLE_IMAGE, path: `/home/me/${name}` };
      fireEvent.click(screen.getByRole('button', { name: 'Add keyframe…' }));
      await waitFor(() => expect(keyframeNames()).toContain(name));
    };
    await add('a.png');
    await add('b.png');
    await add('c.png');
    await add('d.png');
    // Buttons: c earlier → a, c, b, d.
    fireEvent.click(screen.getByRole('button', { name: 'Move keyframe 3 earlier' }));
    expect(keyframeNames()).toEqual(['a.png', 'c.png', 'b.png', 'd.png']);
    // Keyboard: Alt+→ on keyframe 1 → c, a, b, d.
    const first = screen.getByRole('listitem', { name: /^Keyframe 1: a\.png/ });
    fireEvent.keyDown(first, { key: 'ArrowRight', altKey: true });
    expect(keyframeNames()).toEqual(['c.png', 'a.png', 'b.png', 'd.png']);
    fireEvent.click(screen.getByRole('button', { name: 'Remove keyframe 4' }));
    expect(keyframeNames()).toEqual(['c.png', 'a.png', 'b.png']);

    // Only models that take an end frame are offered.
    const model = screen.getByRole('combobox', { name: 'Model (takes an end frame)' });
    const offered = within(model)
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(offered).not.toContain('Kling 2.1 Master');
    expect(offered).toContain('Kling 3.0');

    fireEvent.click(screen.getByRole('checkbox', { name: 'One prompt for every transition' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Transition 1: keyframe 1 → 2' }), {
      target: { value: 'walk in' },
    });
    fireEvent.change(screen.getByRole('textbox', { name: 'Transition 2: keyframe 2 → 3' }), {
      target: { value: 'wave' },
    });
    // The total before anything is queued.
    expect(await screen.findByText('2 transitions, about 80 credits in total')).toBeTruthy();
    expect(bridge.callsTo('storyboard:queue')).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Queue storyboard (2 transitions)' }));
    await waitFor(() => expect(bridge.callsTo('storyboard:queue')).toHaveLength(1));
    expect(bridge.callsTo('storyboard:queue')[0]).toEqual({
      keyframes: ['/home/me/c.png', '/home/me/a.png', '/home/me/b.png'],
      prompts: ['walk in', 'wave'],
      model: 'Kling_3_0',
      duration: '5s',
    });
    const transitions = await screen.findByRole('list', { name: 'Transitions in play order' });
    expect(within(transitions).getAllByRole('listitem')).toHaveLength(2);
    expect(within(transitions).getByText('1 → 2: walk in')).toBeTruthy();
    // Named as users know it (its keyframes, when it was made), never by its set id.
    const heading = screen.getByRole('heading', { level: 2, name: /^Storyboard of 3 keyframes, / });
    expect(heading.textContent).not.toMatch(/set-/);
    const chips = within(screen.getByRole('region', { name: 'Storyboards' }));
    expect(
      (await chips.findByRole('button', { name: /· 2 transitions$/ })).textContent,
    ).not.toMatch(/set-/);

    // Transition 2 fails: Re-render replaces it alone.
    const ids = bridge.state.renders
      .filter((r) => r.setId)
      .map((r) => r.id)
      .reverse();
    const settle = (id: string, changes: Partial<RenderView>) => {
      const view = { ...(bridge.state.renders.find((r) => r.id === id) as RenderView), ...changes };
      bridge.state.renders = bridge.state.renders.map((r) => (r.id === id ? view : r));
      store.getState().upsertJobs([view]);
    };
    settle(ids[0] as string, { state: 'done', videoUrls: ['http://m/1.mp4'] });
    settle(ids[1] as string, { state: 'failed' });
    expect(
      await screen.findByText(
        '1 of 2 transitions done: the sequence plays and joins once all are.',
      ),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Re-render transition 1' })).toBeNull();
    fireEvent.click(await screen.findByRole('button', { name: 'Re-render transition 2' }));
    await waitFor(() => expect(bridge.callsTo('storyboard:rerender')).toHaveLength(1));
    expect(bridge.callsTo('storyboard:rerender')[0]).toMatchObject({ transition: 1 });
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Re-render transition 2' })).toBeNull(),
    );

    // The new render is done: the sequence plays and joins.
    const replaced = bridge.state.renders[0] as RenderView;
    settle(replaced.id, { state: 'done', videoUrls: ['http://m/2.mp4'] });
    fireEvent.click(await screen.findByRole('button', { name: 'Export joined MP4' }));
    await waitFor(() => expect(bridge.callsTo('storyboard:join')).toHaveLength(1));
    expect(await screen.findByText(/^Joined MP4: .*storyboard\.mp4$/)).toBeTruthy();
    expect(document.querySelector('video')?.getAttribute('src')).toBe('http://m/1.mp4');
  });
});
