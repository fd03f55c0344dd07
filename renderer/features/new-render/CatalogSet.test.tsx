// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { setLanguage } from '../../i18n';
import { renderWithServices } from '../../testing/render';
import { CatalogSetPanel } from './CatalogSetPanel';
import { catalogDraft, takeCatalogDrop } from './catalog-drop';

/** The estimate waits out a 400 ms debounce; a busy machine needs more than findBy's 1 s. */
const SLOW = { timeout: 5_000 };

afterEach(() => {
  cleanup();
  catalogDraft.clear();
});

const file = (name: string) =>
  new File(['x'], name, { type: name.endsWith('.png') ? 'image/png' : '' });

/** A dropped picture, a broken one and a folder (the fake lists product-1..3 in it). */
function dropCatalog(bridge: ReturnType<typeof renderWithServices>['bridge']) {
  const shoe = file('red-shoe.png');
  const broken = file('broken.png');
  const folder = file('shop');
  bridge.setPathForFile(shoe, '/home/me/cat/red-shoe.png');
  bridge.setPathForFile(broken, '/home/me/cat/broken.png');
  bridge.setPathForFile(folder, '/home/me/shop');
  act(() => catalogDraft.addPending([shoe, broken, folder]));
}

describe('catalog set (New render)', () => {
  it('lists a dropped folder and pictures, prices them, and queues the good ones as one set', async () => {
    const { bridge, store } = renderWithServices(<CatalogSetPanel />);
    dropCatalog(bridge);
    expect(await screen.findByText('product-3', {}, SLOW)).toBeTruthy();
    expect(bridge.callsTo('images:list-folder')).toEqual([{ path: '/home/me/shop' }]);
    // The fake prices 40 a render; broken.png fails its checks and is skipped, not the set.
    expect(
      await screen.findByText(/4 renders, 4 to upload · About 160 credits in total/, {}, SLOW),
    ).toBeTruthy();
    expect(screen.getByText('1 picture is skipped (see below)')).toBeTruthy();
    expect(screen.getByText(/broken.png: the picture is damaged/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Prompt template'), {
      target: { value: 'Turntable of {name}' },
    });
    await waitFor(
      () =>
        expect(bridge.callsTo('render:estimate-catalog').at(-1)?.promptTemplate).toBe(
          'Turntable of {name}',
        ),
      SLOW,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Queue 4 renders' }, SLOW));
    await waitFor(() => expect(bridge.state.renders).toHaveLength(4), SLOW);
    expect(new Set(bridge.state.renders.map((r) => r.setId)).size).toBe(1);
    expect(bridge.state.renders.map((r) => r.request.prompt)).toContain('Turntable of red-shoe');
    expect(bridge.callsTo('render:queue-catalog')[0]).not.toHaveProperty('confirmOverBudget');
    await waitFor(() => expect(catalogDraft.get().pictures).toEqual([]));
    // The toast says the set in words (no internal set id) and opens it.
    const toast = store.getState().toasts.at(-1);
    expect(toast?.text).toBe('Queued a catalog set of 4 renders');
    expect(toast?.action?.label).toBe('Open the set');
    act(() => toast?.action?.run());
    expect(store.getState().openedSetId).toBe(bridge.state.renders[0]?.setId);
  });

  it("says a skipped picture's reason in Chinese (by its message id)", async () => {
    await setLanguage('zh-CN');
    try {
      const { bridge } = renderWithServices(<CatalogSetPanel />);
      dropCatalog(bridge);
      const said = /broken\.png：图片已损坏或不完整（文件在最后一个数据块之前就结束了）/;
      expect(await screen.findByText(said, {}, SLOW)).toBeTruthy();
      expect(screen.queryByText(/damaged|last block/)).toBeNull();
    } finally {
      await setLanguage('en');
    }
  });

  it('shows a set over a cap with its reason and queues it only as "anyway"', async () => {
    const { bridge } = renderWithServices(<CatalogSetPanel />, {
      settings: { ...DEFAULT_SETTINGS, maxCreditsPerRender: 30 },
    });
    dropCatalog(bridge);
    expect(
      await screen.findByText(/Over your caps: .*more than your per-render cap/, {}, SLOW),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Queue 4 renders anyway' }));
    await waitFor(() => expect(bridge.callsTo('render:queue-catalog')).toHaveLength(1), SLOW);
    expect(bridge.callsTo('render:queue-catalog')[0]).toMatchObject({ confirmOverBudget: true });
  });

  it('takes a drop of several files or a folder, and leaves a single picture to the form', () => {
    let shown = 0;
    const show = () => shown++;
    const one = { files: [file('a.png')], items: [] } as unknown as DataTransfer;
    expect(takeCatalogDrop(one, show)).toBe(false);
    const two = { files: [file('a.png'), file('b.png')], items: [] } as unknown as DataTransfer;
    expect(takeCatalogDrop(two, show)).toBe(true);
    const folderItem = { webkitGetAsEntry: () => ({ isDirectory: true }) };
    const folder = { files: [file('shop')], items: [folderItem] } as unknown as DataTransfer;
    expect(takeCatalogDrop(folder, show)).toBe(true);
    // A typeless file without an extension is a folder as Chromium hands it over.
    const bare = { files: [file('shop')], items: [] } as unknown as DataTransfer;
    expect(takeCatalogDrop(bare, show)).toBe(true);
    expect(shown).toBe(3);
    expect(catalogDraft.get().pending).toHaveLength(4);
  });
});
