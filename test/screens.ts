/**
 * Dev aid: builds the renderer, serves it on 127.0.0.1 with fixture media, injects the demo
 * fake bridge, and saves a PNG of every screen in light and dark to .tmp/screens/.
 *   npx tsx test/screens.ts            (every screen)
 *   npx tsx test/screens.ts 05 12      (only scenarios whose name starts so)
 *   SCREENS_SIZE=880x600 SCREENS_ZOOM=2 npx tsx test/screens.ts 21   (another window, 200% zoom)
 *   SCREENS_LANG=zh-CN npx tsx test/screens.ts         (every screen in Simplified Chinese)
 */
import { mkdirSync, readFileSync } from 'node:fs';
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
const distDir = join(root, 'dist', 'renderer');
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
  drive?: (page: Page) => Promise<void>;
};

const mod = 'Control';

/** The Library's ninth card opened (a done render with videos in the demo library). */
async function openNinthRender(page: Page) {
  await page.keyboard.press(`${mod}+3`);
  await page
    .getByRole('button', { name: /^Open render/ })
    .nth(8)
    .click();
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
    drive: async (page) => {
      await page.keyboard.press(`${mod}+6`);
      for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Add keyframe…' }).click();
      await page
        .getByLabel('Prompt for every transition', { exact: true })
        .fill('The camera glides to the next shot');
      await page.getByText(/about \d+ credits in total/).waitFor();
      await page.getByRole('button', { name: /^Queue storyboard/ }).click();
      await page.getByRole('list', { name: 'Transitions in play order' }).waitFor();
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
    drive: async (page) => {
      await page.keyboard.press(`${mod}+2`);
      await page.getByRole('button', { name: 'Pause queue' }).click();
      await page.getByText('The queue is paused').waitFor();
      await page.getByRole('region', { name: 'Sets in the queue' }).waitFor();
      await page.getByRole('button', { name: 'Pause set' }).focus();
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
      await openNinthRender(page);
      await page.getByRole('dialog').waitFor();
    },
  },
  {
    name: '08-library-delete',
    drive: async (page) => {
      await openNinthRender(page);
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
    drive: async (page) => {
      await page.keyboard.press(`${mod}+2`);
      await page.getByRole('button', { name: 'Retry anyway…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Retry and risk paying twice?' });
      await dialog.getByText(/^Estimated cost/).waitFor();
    },
  },
  {
    name: '19-queue-attach-found-run',
    drive: async (page) => {
      await page.keyboard.press(`${mod}+2`);
      await page.getByRole('button', { name: 'I found the run…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Attach the run you found' });
      // What a hasty paste looks like: the rule is said inline, nothing is sent.
      await dialog.getByLabel('Run id').fill('run 42');
      await dialog.getByRole('button', { name: 'Attach' }).click();
      await dialog.getByRole('alert').waitFor();
    },
  },
  {
    name: '20-library-delete-paid-run',
    drive: async (page) => {
      await page.keyboard.press(`${mod}+3`);
      // The newest card of this prompt is the needs-attention render: WeShop may be charging.
      await page
        .getByRole('button', { name: /^Open render: Zoom out from the coffee cup/ })
        .first()
        .click();
      await page.getByRole('button', { name: 'Delete…' }).click();
      await page
        .getByRole('dialog', { name: 'Delete a render WeShop may still be charging for?' })
        .waitFor();
    },
  },
  {
    name: '14-library-partial-detail',
    drive: async (page) => {
      await page.keyboard.press(`${mod}+3`);
      await page.getByRole('button', { name: /^Open render: Lanterns rise/ }).click();
      await page.getByRole('dialog', { name: 'Render details' }).waitFor();
    },
  },
  {
    name: '15-new-render-queued-toast',
    drive: async (page) => {
      await page.getByRole('button', { name: 'Drop an image here, or pick one' }).press('Enter');
      await page.getByLabel('Motion prompt').fill('Slow dolly-in on the house');
      await page.keyboard.press(`${mod}+Enter`);
      await page.getByRole('button', { name: 'View in Queue' }).waitFor();
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
    drive: async (page) => {
      await openNinthRender(page);
      await page.getByRole('button', { name: 'Delete…' }).click();
      await page.getByRole('button', { name: 'Delete render' }).click();
      await page.getByRole('button', { name: 'Undo' }).waitFor();
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
    drive: async (page) => {
      await page.getByRole('button', { name: /Choose image/ }).click();
      await page.getByRole('button', { name: 'End frame: pick an image' }).click();
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
  const selected = prefixes.length
    ? SCENARIOS.filter((scenario) => prefixes.some((prefix) => scenario.name.startsWith(prefix)))
    : SCENARIOS;
  if (selected.length === 0) throw new Error(`No scenario starts with ${prefixes.join(', ')}`);
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  const demoBridge = await bundleDemoBridge();
  const previewUrl = `data:image/jpeg;base64,${readFileSync(join(mediaDir, 'input.jpg')).toString('base64')}`;
  mkdirSync(outDir, { recursive: true });
  const server = await serve();
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  const problems: string[] = [];
  try {
    for (const colorScheme of ['light', 'dark'] as const) {
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
  }
  if (problems.length) {
    console.log(`\n${problems.length} browser problems:\n${[...new Set(problems)].join('\n')}`);
    process.exitCode = 1;
  }
}

await main();
