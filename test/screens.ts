/**
 * Dev aid: builds the renderer, serves it on 127.0.0.1 with fixture media, injects the demo
 * fake bridge, and saves a PNG of every screen in light and dark to .tmp/screens/.
 *   npx tsx test/screens.ts            (every screen)
 *   npx tsx test/screens.ts 05 12      (only scenarios whose name starts so)
 *   SCREENS_SIZE=880x600 SCREENS_ZOOM=2 npx tsx test/screens.ts 21   (another window, 200% zoom)
 *   SCREENS_LANG=zh-CN npx tsx test/screens.ts         (every screen in Simplified Chinese)
 *   SCREENS_THEMES=light npx tsx test/screens.ts       (one theme only)
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { build } from 'vite';
import type { DemoOptions } from '../renderer/testing/demo-bridge';
import { isMediaPath, MEDIA_PATH, mediaBaseFor } from '../shared/media-url';
import { CHROMIUM_LAUNCH_OPTIONS } from './chromium';

const root = resolve(import.meta.dirname, '..');
// Its own build, not dist/renderer: another run (or an E2E build) rebuilding that meanwhile
// left this server without its index.html.
const distDir = join(root, '.tmp', `screens-renderer-${process.pid}`);
const mediaDir = join(root, 'test', 'emulator', 'fixtures');
const outDir = join(root, '.tmp', 'screens');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.mp4': 'video/mp4',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
};

/** Static files from dist/renderer, fixture media under /media/, with Range for <video>. */
function serve(): Promise<Server> {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const [base, rel] = isMediaPath(path)
      ? [mediaDir, path.slice(`${MEDIA_PATH}/`.length)]
      : [distDir, path === '/' ? 'index.html' : path.slice(1)];
    const file = normalize(join(base, rel));
    if (!file.startsWith(base)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
      if (range) {
        const start = Number(range[1]);
        const end = range[2] ? Number(range[2]) : body.length - 1;
        res.writeHead(206, {
          'content-type': type,
          'content-range': `bytes ${start}-${end}/${body.length}`,
          'accept-ranges': 'bytes',
          'content-length': end - start + 1,
        });
        return void res.end(body.subarray(start, end + 1));
      }
      res.writeHead(200, {
        'content-type': type,
        'content-length': body.length,
        'accept-ranges': 'bytes',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

async function bundleDemoBridge(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      lib: {
        entry: join(root, 'renderer/testing/demo-bridge.ts'),
        formats: ['iife'],
        name: 'klingDemo',
      },
      minify: false,
    },
  });
  const results = Array.isArray(output) ? output : [output];
  for (const result of results) {
    if ('output' in result) {
      const chunk = result.output.find((item) => item.type === 'chunk');
      if (chunk && chunk.type === 'chunk') return chunk.code;
    }
  }
  throw new Error('vite produced no bundle for the demo bridge');
}

type Scenario = {
  name: string;
  keySet?: boolean;
  renderCount?: number;
  /**
   * Under SCREENS_LANG, switch the language before driving (not after): the scenario shows
   * words made while driving (toasts, budget questions), so it finds its controls with say().
   */
  languageFirst?: boolean;
  drive?: (page: Page) => Promise<void>;
};

const mod = 'Control';

/** The language the current scenario is driven in (languageFirst scenarios under SCREENS_LANG). */
let drivenIn: 'en' | 'zh-CN' = 'en';
/** A control's name in the language the scenario is driven in. */
const say = (en: string, zh: string) => (drivenIn === 'zh-CN' ? zh : en);
const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A name that starts so, in the language the scenario is driven in. */
const sayStart = (en: string, zh: string) => new RegExp(`^${escapeRe(say(en, zh))}`);

/** Several pictures dropped on the window, as from a file manager: a catalog set. */
async function dropCatalogPictures(page: Page) {
  await page.evaluate(() => {
    // By name: the drop hands the app other File objects than the ones added here.
    const bridge = window.kling as unknown as { pathForFile: (file: File) => string | null };
    bridge.pathForFile = (file) => `/home/alex/Pictures/catalog/${file.name}`;
    const transfer = new DataTransfer();
    for (const name of ['red-shoe.jpg', 'red-shoe copy.jpg', 'blue-scarf.png', 'broken-hat.jpg']) {
      transfer.items.add(
        new File([new Uint8Array([0xff, 0xd8, 0xff])], name, { type: 'image/jpeg' }),
      );
    }
    document.body.dispatchEvent(
      new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
    );
  });
}

/** A video carrying a render's recipe dropped on New render (recipe:read answers it). */
async function dropRecipeVideo(page: Page) {
  await page.evaluate(() => {
    const bridge = window.kling as unknown as {
      pathForFile: (file: File) => string | null;
      handle(channel: string, handler: () => unknown): void;
    };
    bridge.handle('recipe:read', () => ({
      renderId: 'render-000012',
      agent: 'kling',
      model: 'Kling_2_6',
      prompt: 'The camera orbits the ceramic vase, soft studio light, shallow depth of field',
      duration: '10s',
      generateAudio: true,
      sourcePicture: 'vase-front.jpg',
    }));
    const file = new File([new Uint8Array([0, 0, 0, 24])], 'vase-orbit.mp4', { type: 'video/mp4' });
    bridge.pathForFile = () => '/home/alex/Videos/vase-orbit.mp4';
    const transfer = new DataTransfer();
    transfer.items.add(file);
    document.body.dispatchEvent(
      new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
    );
  });
}

/** Settings → Budget: a cap per render every estimate is over. */
async function capEveryRender(page: Page) {
  await page.keyboard.press(`${mod}+4`);
  const cap = page.getByLabel(say('Cap per render', '单次渲染上限'), { exact: true });
  await cap.fill('5');
  await cap.press('Enter');
  await page.waitForTimeout(300);
}

/**
 * A render found through the Library's search and opened (Lanterns: the partial render, three
 * videos with one missing). By search, not by its place: the grid draws only the cards near
 * the viewport, fewer at 880×600 and 200% zoom.
 */
async function openRender(page: Page, search = 'Lanterns rise') {
  await page.keyboard.press(`${mod}+3`);
  await page.keyboard.press(`${mod}+f`);
  await page.keyboard.type(search);
  await page.waitForTimeout(500);
  await page.locator('.card-open').first().click();
}
const STEP_TIMEOUT_MS = 5000;
const SCENARIOS: Scenario[] = [
  { name: '01-first-run', keySet: false },
  { name: '02-new-render-empty' },
  {
    name: '29-storyboard',
    drive: async (page) => {
      await page.keyboard.press(`${mod}+6`);
      for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Add keyframe…' }).click();
      await page
        .getByLabel('Prompt for every transition', { exact: true })
        .fill('The camera glides to the next shot');
      await page.getByText(/about \d+ credits in total/).waitFor();
    },
  },
  {
    name: '30-storyboard-queued',
    languageFirst: true,
    drive: async (page) => {
      await page.keyboard.press(`${mod}+6`);
      const add = page.getByRole('button', { name: say('Add keyframe…', '添加关键帧…') });
      for (let i = 0; i < 3; i++) await add.click();
      await page
        .getByLabel(say('Prompt for every transition', '所有过渡的提示词'), { exact: true })
        .fill('The camera glides to the next shot');
      await page.getByText(say('in total', '总计约')).waitFor();
      await page
        .getByRole('button', { name: sayStart('Queue storyboard', '将故事板加入队列') })
        .click();
      await page
        .getByRole('list', { name: say('Transitions in play order', '按播放顺序排列的过渡') })
        .waitFor();
    },
  },
  {
    name: '03-new-render-filled',
    drive: async (page) => {
      await page.getByRole('button', { name: /Choose image/ }).click();
      await page
        .getByLabel('Motion prompt')
        .fill('Slow dolly-in on the house, mist rising off the lake');
      await page.getByLabel('Model').selectOption('Kling_2_1');
      await page.getByText('Estimated cost').waitFor();
    },
  },
  {
    name: '04-new-render-invalid',
    drive: async (page) => {
      await page.getByLabel('Motion prompt').fill(' ');
      await page.getByLabel('Videos').fill('17');
      await page.getByLabel('Motion prompt').focus();
      await page.keyboard.press(`${mod}+Enter`);
    },
  },
  {
    name: '05-queue',
    drive: async (page) => {
      await page.keyboard.press(`${mod}+2`);
      await page.getByLabel('Download progress').waitFor();
    },
  },
  {
    name: '05b-queue-steering',
    languageFirst: true,
    drive: async (page) => {
      await page.keyboard.press(`${mod}+2`);
      await page.getByRole('button', { name: say('Pause queue', '暂停队列') }).click();
      await page.getByText(say('The queue is paused', '队列已暂停')).first().waitFor();
      await page.getByRole('region', { name: say('Sets in the queue', '队列中的组') }).waitFor();
      await page.getByRole('button', { name: say('Pause set', '暂停该组') }).focus();
    },
  },
  {
    name: '06-library',
    renderCount: 10_000,
    drive: async (page) => {
      await page.keyboard.press(`${mod}+3`);
      await page.getByText(/^10,0\d\d renders$/).waitFor();
      await page.waitForTimeout(1500); // first-frame captures for cards without thumbnails
    },
  },
  {
    name: '07-library-detail',
    drive: async (page) => {
      await openRender(page);
      await page.getByRole('dialog').waitFor();
    },
  },
  {
    name: '08-library-delete',
    drive: async (page) => {
      await openRender(page);
      await page.getByRole('button', { name: 'Delete…' }).click();
    },
  },
  {
    name: '09-library-compare',
    drive: async (page) => {
      await page.keyboard.press(`${mod}+3`);
      await page
        .getByLabel(/^Select for compare/)
        .nth(6)
        .check();
      await page
        .getByLabel(/^Select for compare/)
        .nth(7)
        .check();
      await page.getByRole('button', { name: 'Compare side by side' }).click();
      await page.getByRole('dialog').waitFor();
    },
  },
  {
    name: '10-library-filtered-empty',
    drive: async (page) => {
      await page.keyboard.press(`${mod}+f`);
      await page.keyboard.type('no such prompt');
      await page.getByText('No renders match these filters.').waitFor();
    },
  },
  {
    name: '12-queue-partial-warning-stop-waiting',
    drive: async (page) => {
      await page.keyboard.press(`${mod}+2`);
      await page.getByRole('button', { name: /^Render the missing/ }).waitFor();
      await page.getByRole('button', { name: /^Render the missing/ }).scrollIntoViewIfNeeded();
    },
  },
  {
    name: '13-queue-retry-anyway-confirm',
    languageFirst: true,
    drive: async (page) => {
      await page.keyboard.press(`${mod}+2`);
      await page.getByRole('button', { name: say('Retry anyway…', '仍然重试…') }).click();
      const dialog = page.getByRole('dialog', {
        name: say('Retry and risk paying twice?', '要重试并承担重复扣费的风险吗？'),
      });
      await dialog
        .getByText(/credits|积分/)
        .first()
        .waitFor();
    },
  },
  {
    name: '19-queue-attach-found-run',
    languageFirst: true,
    drive: async (page) => {
      await page.keyboard.press(`${mod}+2`);
      await page.getByRole('button', { name: say('I found the run…', '我找到了运行…') }).click();
      const dialog = page.getByRole('dialog', {
        name: say('Attach the run you found', '关联你找到的运行'),
      });
      // What a hasty paste looks like: the rule is said inline, nothing is sent.
      await dialog.getByLabel(say('Run id', '运行 ID')).fill('run 42');
      await dialog.getByRole('button', { name: say('Attach', '关联'), exact: true }).click();
      await dialog.getByRole('alert').waitFor();
    },
  },
  {
    name: '20-library-delete-paid-run',
    drive: async (page) => {
      // The newest card of this prompt is the needs-attention render: WeShop may be charging.
      await openRender(page, 'Zoom out from the coffee cup');
      await page.getByRole('button', { name: 'Delete…' }).click();
      await page
        .getByRole('dialog', { name: 'Delete a render WeShop may still be charging for?' })
        .waitFor();
    },
  },
  {
    name: '14-library-partial-detail',
    drive: async (page) => {
      await openRender(page);
      await page.getByRole('dialog', { name: /^Render details/ }).waitFor();
    },
  },

  {
    name: '15-new-render-queued-toast',
    languageFirst: true,
    drive: async (page) => {
      await page
        .getByRole('button', { name: sayStart('Choose image', '选择图片') })
        .first()
        .click();
      await page.getByLabel(say('Motion prompt', '动作提示词')).fill('Slow dolly-in on the house');
      await page.keyboard.press(`${mod}+Enter`);
      await page.getByRole('button', { name: say('View in Queue', '在队列中查看') }).waitFor();
    },
  },
  {
    name: '16-queue-failed-edit-retry',
    drive: async (page) => {
      await page.keyboard.press(`${mod}+2`);
      await page.getByRole('button', { name: 'Edit & retry' }).scrollIntoViewIfNeeded();
    },
  },

  {
    name: '17-library-delete-undo',
    languageFirst: true,
    drive: async (page) => {
      await openRender(page);
      await page.getByRole('button', { name: say('Delete…', '删除…') }).click();
      await page.getByRole('button', { name: say('Delete render', '删除渲染') }).click();
      await page.getByRole('button', { name: say('Undo', '撤销') }).waitFor();
    },
  },
  {
    name: '21-new-render-kling-end-frame',
    drive: async (page) => {
      await page.getByRole('button', { name: /Choose image/ }).click();
      await page.getByRole('button', { name: 'End frame: pick an image' }).click();
      await page
        .getByLabel('Motion prompt')
        .fill('The door swings open and the room fills with light');
      await page.getByText('Estimated cost').waitFor();
    },
  },
  {
    name: '22-new-render-kling-master',
    drive: async (page) => {
      await page.getByRole('button', { name: /Choose image/ }).click();
      await page.getByLabel('Model', { exact: true }).selectOption('Kling_2_1_Master');
    },
  },
  {
    name: '23-new-render-omni',
    drive: async (page) => {
      await page.getByRole('radio', { name: /Kling 3.0 Omni/ }).check();
      await page.getByRole('button', { name: 'Drop an image here, or pick one' }).click();
      await page.getByRole('button', { name: 'Image 2: pick an image' }).click();
      await page
        .getByLabel('Motion prompt')
        .fill('The woman in image 1 picks up the vase from image 2');
      await page.getByLabel('Aspect ratio').selectOption('9:16');
    },
  },
  {
    name: '24-new-render-o1',
    drive: async (page) => {
      await page.getByRole('radio', { name: /Kling O1/ }).check();
      await page.getByLabel('Motion prompt').fill('A paper boat sails across a desk');
      await page.getByLabel('Reference video URL').fill('http://example.com/clip.mp4');
    },
  },
  {
    name: '25-new-render-o1-first-frame',
    drive: async (page) => {
      await page.getByRole('radio', { name: /Kling O1/ }).check();
      await page.getByLabel('Mode', { exact: true }).selectOption('Kling_Video_O1_I2V');
      await page.getByRole('button', { name: /Choose image/ }).click();
    },
  },
  {
    name: '26-new-render-motion-control',
    languageFirst: true,
    drive: async (page) => {
      await page
        .getByRole('button', { name: sayStart('Choose image', '选择图片') })
        .first()
        .click();
      await page
        .getByRole('button', { name: say('End frame: pick an image', '尾帧：选择图片') })
        .click();
      await page.getByRole('radio', { name: /Motion Control/ }).check();
    },
  },
  {
    name: '27-new-render-library-video',
    drive: async (page) => {
      await page.getByRole('radio', { name: /Motion Control/ }).check();
      await page.getByRole('button', { name: 'Pick from library…' }).click();
      await page.getByRole('dialog').getByText('The link answers').first().waitFor();
    },
  },
  {
    name: '11-settings',
    drive: async (page) => {
      await page.keyboard.press(`${mod}+4`);
      await page.getByText('Set, ends in 7f3a').waitFor();
    },
  },
  {
    name: '11b-settings-key-saved',
    keySet: false,
    drive: async (page) => {
      await page.keyboard.press(`${mod}+4`);
      await page.getByLabel('Paste your key').fill('wk-live-4f9a8b7c6d5e3344');
      await page.getByRole('button', { name: 'Save key' }).click();
      await page.getByRole('button', { name: 'Start a render' }).waitFor();
    },
  },
  {
    name: '11c-settings-bottom',
    drive: async (page) => {
      await page.keyboard.press(`${mod}+4`);
      await page.getByRole('heading', { name: 'Budget' }).scrollIntoViewIfNeeded();
      await page.getByRole('heading', { name: 'Updates' }).scrollIntoViewIfNeeded();
    },
  },
  {
    // The collapsed sidebar (under 760 CSS px: SCREENS_ZOOM=2) names the icon under the pointer.
    name: '31-nav-tooltip',
    drive: async (page) => {
      await page.keyboard.press(`${mod}+2`);
      await page.locator('.nav-item').nth(1).hover();
    },
  },
  {
    name: '32-new-render-catalog-set',
    drive: async (page) => {
      await dropCatalogPictures(page);
      await page.getByText(/About .* in total/).waitFor();
      await page.locator('.catalog-set').scrollIntoViewIfNeeded();
    },
  },
  {
    name: '32b-catalog-set-queued',
    languageFirst: true,
    drive: async (page) => {
      await dropCatalogPictures(page);
      await page.getByText(say('in total', '总计')).waitFor();
      // The toast says the set in words (no set id) and opens it.
      await page
        .getByRole('button', { name: /^(Queue \d+ renders|将 \d+ 个渲染加入队列)/ })
        .click();
      await page.getByRole('button', { name: say('Open the set', '打开这组') }).waitFor();
    },
  },
  {
    name: '33-new-render-variations',
    drive: async (page) => {
      await page.getByRole('button', { name: /Choose image/ }).click();
      await page.getByLabel('Motion prompt').fill('Slow dolly-in on the house');
      await page
        .getByLabel('Prompts, one a line')
        .fill('The door opens slowly\nMist rolls over the lake\nBirds lift off the roof');
      await page.getByRole('heading', { name: 'Variations' }).scrollIntoViewIfNeeded();
      await page.getByText(/about .* in total/).waitFor();
    },
  },
  {
    name: '34-library-continue',
    drive: async (page) => {
      await openRender(page);
      await page.getByRole('button', { name: 'Continue from last frame…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Continue from the last frame' });
      await dialog.getByLabel('What happens next').fill('Then the lantern drifts out of frame');
      await dialog
        .getByText(/^Estimated cost|credits/)
        .first()
        .waitFor();
    },
  },
  {
    name: '35-library-sequence',
    drive: async (page) => {
      // The grid draws only what is near the viewport: find the sequence's render first.
      await page.keyboard.press(`${mod}+f`);
      await page.keyboard.type('lantern drifts');
      await page
        .getByRole('button', { name: /^Open render: The lantern drifts/ })
        .first()
        .click();
      await page.getByRole('button', { name: /^Sequence \(/ }).click();
      await page.getByRole('dialog', { name: /^Sequence/ }).waitFor();
    },
  },
  {
    name: '36-library-set-view',
    drive: async (page) => {
      await page.keyboard.press(`${mod}+3`);
      // The second set: the first is the catalog set still in the queue (no videos yet).
      await page.locator('.set-chip').nth(1).click();
      await page.getByRole('dialog', { name: /^Set of/ }).waitFor();
    },
  },
  {
    name: '37-budget-new-render',
    languageFirst: true,
    drive: async (page) => {
      await capEveryRender(page);
      await page.keyboard.press(`${mod}+1`);
      await page
        .getByRole('button', { name: sayStart('Choose image', '选择图片') })
        .first()
        .click();
      await page.getByLabel(say('Motion prompt', '动作提示词')).fill('Slow dolly-in on the house');
      await page.waitForTimeout(800); // the estimate
      await page.keyboard.press(`${mod}+Enter`);
      await page.getByRole('dialog').waitFor();
    },
  },
  {
    name: '38-budget-continue',
    languageFirst: true,
    drive: async (page) => {
      await capEveryRender(page);
      await openRender(page);
      await page
        .getByRole('button', { name: say('Continue from last frame…', '从最后一帧继续…') })
        .click();
      const dialog = page.getByRole('dialog').last();
      await dialog.getByRole('textbox').first().fill('Then the lantern drifts out of frame');
      await page.waitForTimeout(800);
      await dialog.getByRole('button', { name: say('Continue', '继续'), exact: true }).click();
      await page.getByRole('dialog').nth(2).waitFor();
    },
  },
  {
    name: '39-recipe-drop',
    languageFirst: true,
    drive: async (page) => {
      await dropRecipeVideo(page);
      await page.locator('.recipe-drop').waitFor();
    },
  },

  {
    name: '18-spent',
    drive: async (page) => {
      await page.keyboard.press(`${mod}+5`);
      await page.getByRole('img', { name: /last 14 days/ }).waitFor();
      await page.getByRole('radio', { name: 'By model' }).check();
    },
  },
];

async function main() {
  // Name prefixes on the command line pick scenarios: a change to one screen need not redo all.
  const prefixes = process.argv.slice(2);
  // SCREENS_SIZE=880x600 (the app's minimum window) and SCREENS_ZOOM=2 (200% zoom: the page
  // gets half the pixels in CSS px, drawn at twice the density), named in the file's suffix.
  const [width, height] = (process.env.SCREENS_SIZE ?? '1280x800').split('x').map(Number);
  const size = { width: width || 1280, height: height || 800 };
  const zoom = Number(process.env.SCREENS_ZOOM ?? '1') || 1;
  // SCREENS_LANG=zh-CN: each scenario is driven by its English names, then the page switches
  // to that language for the shot (toasts raised while driving keep their English words).
  const language: 'zh-CN' | null = process.env.SCREENS_LANG === 'zh-CN' ? 'zh-CN' : null;
  if (process.env.SCREENS_LANG && !language) throw new Error('SCREENS_LANG takes zh-CN');
  const suffix =
    (process.env.SCREENS_SIZE ? `-${size.width}x${size.height}` : '') +
    (zoom !== 1 ? `-zoom${zoom * 100}` : '') +
    (language ? `-${language}` : '');
  // SCREENS_THEMES=light (or dark): one theme only, when the other was looked at already.
  const themes = (['light', 'dark'] as const).filter(
    (theme) => !process.env.SCREENS_THEMES || process.env.SCREENS_THEMES.split(',').includes(theme),
  );
  const selected = prefixes.length
    ? SCENARIOS.filter((scenario) => prefixes.some((prefix) => scenario.name.startsWith(prefix)))
    : SCENARIOS;
  if (selected.length === 0) throw new Error(`No scenario starts with ${prefixes.join(', ')}`);
  await build({
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: distDir, emptyOutDir: true },
  });
  const demoBridge = await bundleDemoBridge();
  const previewUrl = `data:image/jpeg;base64,${readFileSync(join(mediaDir, 'input.jpg')).toString('base64')}`;
  mkdirSync(outDir, { recursive: true });
  const server = await serve();
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  const problems: string[] = [];
  try {
    for (const colorScheme of themes) {
      for (const scenario of selected) {
        const context = await browser.newContext({
          viewport: {
            width: Math.round(size.width / zoom),
            height: Math.round(size.height / zoom),
          },
          deviceScaleFactor: zoom,
          colorScheme,
        });
        const page = await context.newPage();
        page.setDefaultTimeout(STEP_TIMEOUT_MS);
        page.on('pageerror', (error) => problems.push(`${scenario.name}: ${error.message}`));
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning') {
            problems.push(`${scenario.name} (${message.type()}): ${message.text()}`);
          }
        });
        const demo: DemoOptions = {
          mediaBase: mediaBaseFor(`http://127.0.0.1:${port}`),
          keySet: scenario.keySet ?? true,
          previewUrl,
          renderCount: scenario.renderCount ?? 60,
        };
        await page.addInitScript((options) => {
          window.__klingDemo = options;
        }, demo);
        await page.addInitScript({ content: demoBridge });
        // Loading waits longer than a step: on a busy machine the first paint can take a while.
        await page.goto(`http://127.0.0.1:${port}/`, { timeout: 60_000 });
        await page.getByRole('navigation', { name: 'Main' }).waitFor({ timeout: 60_000 });
        drivenIn = language && scenario.languageFirst ? language : 'en';
        if (drivenIn !== 'en') {
          await page.evaluate((lng) => window.__klingDemo?.setLanguage?.(lng), drivenIn);
        }
        // A failed step is reported but the screenshot is still taken: it shows what went wrong.
        await scenario.drive?.(page).catch((error: Error) => {
          problems.push(`${scenario.name}: ${error.message.split('\n')[0]}`);
        });
        if (language) {
          await page.evaluate((lng) => window.__klingDemo?.setLanguage?.(lng), language);
        }
        await page.waitForTimeout(400);
        const file = join(outDir, `${scenario.name}-${colorScheme}${suffix}.png`);
        await page.screenshot({ path: file });
        console.log(`saved ${file}`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
    rmSync(distDir, { recursive: true, force: true });
  }
  if (problems.length) {
    console.log(`\n${problems.length} browser problems:\n${[...new Set(problems)].join('\n')}`);
    process.exitCode = 1;
  }
}

await main();
