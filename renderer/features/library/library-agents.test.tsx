// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RenderView } from '../../../shared/job';
import { makeRender } from '../../testing/fixtures';
import { renderWithServices } from '../../testing/render';
import type { ObserveRect } from './LibraryGrid';
import { LibraryScreen } from './LibraryScreen';
import { RenderCard } from './RenderCard';
import { RenderDetail } from './RenderDetail';
import { createThumbnailQueue } from './thumbnail-queue';

/*
 * The Library for the whole Kling family: cards and the detail view say which agent and mode
 * made a render, show every input picture under its role, the reference video's link, and
 * that a text-only render had no picture; the filter bar narrows by agent and model.
 */

afterEach(cleanup);

const MEDIA = 'http://127.0.0.1:9/media';
const fixedViewport =
  (width: number, height: number): ObserveRect =>
  (_instance, callback) => {
    callback({ width, height });
    return () => {};
  };
const thumbnails = () =>
  createThumbnailQueue({ capture: async () => 'data:image/jpeg;base64,', save: async () => {} });

const textOnlyOmni = makeRender(1, {
  state: 'failed',
  request: {
    prompt: 'A neon city at night, rain on the lens',
    model: 'Kling_V3_Omni',
    image: undefined,
    aspectRatio: '9:16',
  },
});
const motion = makeRender(2, {
  state: 'failed',
  request: {
    prompt: '',
    model: 'Kling_Motion_Control',
    image: '/home/me/Pictures/dancer.png',
    referenceVideo: 'https://cdn.example.com/moves/salsa.mp4',
  },
  sourceImageUrl: `${MEDIA}/render-000002/source.png`,
});
const framed = makeRender(3, {
  state: 'failed',
  request: {
    prompt: 'The door opens onto the sea',
    model: 'Kling_2_6',
    image: '/home/me/Pictures/door.png',
    endFrame: '/home/me/Pictures/sea.jpg',
  },
  sourceImageUrl: `${MEDIA}/render-000003/source.png`,
  endFrameUrl: `${MEDIA}/render-000003/end-frame.jpg`,
});
const references = makeRender(4, {
  request: {
    prompt: 'image 1 holds image 2 in front of image 3',
    model: 'Kling_Video_O1_Ele',
    image: '/p/girl.png',
    moreImages: ['/p/cat.png', 'https://example.com/castle.webp'],
  },
  sourceImageUrl: `${MEDIA}/render-000004/source.png`,
  moreImageUrls: [`${MEDIA}/render-000004/image-2.png`, null],
});

const card = (view: RenderView) =>
  renderWithServices(<RenderCard view={view} position={1} total={1} thumbnails={thumbnails()} />);
const detail = (view: RenderView) =>
  renderWithServices(<RenderDetail view={view} />, { renders: [view] });
const fact = (dialog: HTMLElement, term: string) =>
  within(dialog).getByText(term, { selector: 'dt' }).nextElementSibling?.textContent;

describe('Library cards per agent', () => {
  it('a text-only Omni render: its agent, "Text only", and no picture in its place', () => {
    const { container } = card(textOnlyOmni);
    expect(container.querySelector('.card-meta')?.textContent).toContain('Kling 3.0 Omni');
    expect(container.querySelector('.thumb-inputs')?.textContent).toBe('Text only');
    expect(container.querySelector('.thumb img')).toBeNull();
    expect(container.querySelector('.thumb-placeholder')?.textContent).toBe(
      'No video · no picture',
    );
  });

  it('Motion Control: the character picture, tagged so, and "Character + video"', () => {
    const { container } = card(motion);
    expect(container.querySelector('.card-meta')?.textContent).toContain('Motion Control');
    expect(container.querySelector('.thumb-inputs')?.textContent).toBe('Character + video');
    expect(container.querySelector('.thumb img')?.getAttribute('src')).toBe(
      `${MEDIA}/render-000002/source.png`,
    );
    expect(container.querySelector('.thumb-tag')?.textContent).toBe('Character');
    // Its prompt is optional: without one the card is named by its model, never "".
    expect(
      screen.getByRole('button', { name: 'Open render: Motion Control, no prompt' }),
    ).toBeTruthy();
  });

  it('kling with an end frame, and O1 with references: their mode and inputs', () => {
    expect(card(framed).container.querySelector('.thumb-inputs')?.textContent).toBe(
      'First + end frame',
    );
    cleanup();
    const { container } = card(references);
    expect(container.querySelector('.card-meta')?.textContent).toContain(
      'Kling O1 · Text or references',
    );
    expect(container.querySelector('.thumb-inputs')?.textContent).toBe('3 reference images');
    // Read after the card's name, with its videos: what went in.
    const open = screen.getByRole('button', { name: /^Open render/ });
    const described = (open.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent);
    expect(described).toEqual(['1 video · 5 seconds', '3 reference images']);
  });
});

describe('Render detail per agent', () => {
  it('a text-only Omni render says it had no picture, with its agent and aspect ratio', () => {
    detail(textOnlyOmni);
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText(/Made from the prompt alone/)).toBeTruthy();
    expect(within(dialog).queryAllByRole('img')).toHaveLength(0);
    expect(fact(dialog, 'Agent')).toBe('Kling 3.0 Omni');
    expect(fact(dialog, 'Image')).toBe('None (text only)');
    expect(fact(dialog, 'Aspect ratio')).toBe('9:16');
  });

  it('Motion Control: the character, and the reference video opened in the browser, not fetched', async () => {
    const { bridge } = detail(motion);
    const dialog = screen.getByRole('dialog', {
      name: 'Render details: “Motion Control, no prompt”',
    });
    const character = within(dialog).getByRole('img', { name: 'Character: dancer.png' });
    expect(character.getAttribute('src')).toBe(`${MEDIA}/render-000002/source.png`);
    expect(fact(dialog, 'Agent')).toBe('Motion Control');
    expect(fact(dialog, 'Duration')).toBe('As long as the reference video');
    expect(fact(dialog, 'Reference video')).toBe('https://cdn.example.com/moves/salsa.mp4');
    fireEvent.click(
      within(dialog).getByRole('button', {
        name: 'Open the reference video in the browser: https://cdn.example.com/moves/salsa.mp4',
      }),
    );
    await waitFor(() =>
      expect(bridge.callsTo('app:open-external')).toEqual([
        { url: 'https://cdn.example.com/moves/salsa.mp4' },
      ]),
    );
  });

  it('kling with an end frame shows both frames, labelled, and lists both', () => {
    detail(framed);
    const dialog = screen.getByRole('dialog');
    expect(
      within(dialog).getByRole('img', { name: 'First frame: door.png' }).getAttribute('src'),
    ).toBe(`${MEDIA}/render-000003/source.png`);
    expect(
      within(dialog).getByRole('img', { name: 'End frame: sea.jpg' }).getAttribute('src'),
    ).toBe(`${MEDIA}/render-000003/end-frame.jpg`);
    expect(fact(dialog, 'First frame')).toBe('/home/me/Pictures/door.png');
    expect(fact(dialog, 'End frame')).toBe('/home/me/Pictures/sea.jpg');
    expect(fact(dialog, 'Model')).toBe('Kling 2.6');
  });

  it('references are numbered as the prompt numbers them; a missing copy says so', () => {
    detail({ ...references, moreImageCopies: [{ file: 'image-2.png' }, {}] });
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByRole('img', { name: 'Image 1: girl.png' })).toBeTruthy();
    expect(within(dialog).getByRole('img', { name: 'Image 2: cat.png' })).toBeTruthy();
    expect(fact(dialog, 'Image 3')).toBe('https://example.com/castle.webp');
    cleanup();
    detail({ ...framed, endFrameUrl: undefined, endFrameCopy: 'missing' });
    expect(
      within(screen.getByRole('dialog')).getByText(
        /End frame not kept: sea\.jpg was moved or deleted/,
      ),
    ).toBeTruthy();
  });
});

describe('Library filters by agent', () => {
  it('offers every agent from the catalogue, narrows the models and the list to one agent', async () => {
    const app = renderWithServices(
      <LibraryScreen observeRect={fixedViewport(1000, 700)} captureFrame={async () => ''} />,
      { renders: [textOnlyOmni, motion, framed, references] },
    );
    await act(() => app.store.getState().loadLibrary());
    const agent = screen.getByRole('combobox', { name: 'Agent' }) as HTMLSelectElement;
    expect([...agent.options].map((option) => option.text)).toEqual([
      'All agents',
      'Kling',
      'Kling 3.0 Omni',
      'Kling O1',
      'Motion Control',
    ]);
    await act(async () => {
      fireEvent.change(agent, { target: { value: 'kling-O1' } });
    });
    await waitFor(() =>
      expect(
        app.bridge.callsTo('render:list').findLast((query) => query.offset !== undefined),
      ).toMatchObject({ agent: 'kling-O1' }),
    );
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(1));
    const model = screen.getByRole('combobox', { name: 'Model' }) as HTMLSelectElement;
    expect([...model.options].map((option) => option.text)).toEqual([
      'All models',
      'Kling O1 · Text or references',
      'Kling O1 · First frame to video',
    ]);
  });
});
