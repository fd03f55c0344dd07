import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES } from './fixtures';
import { type RunningEmulator, startEmulator } from './server';
import { rawRequest, uploadFile } from './testing';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});
async function start(): Promise<RunningEmulator> {
  emulator = await startEmulator();
  return emulator;
}

async function uploadedPng(emu: RunningEmulator) {
  return {
    url: await uploadFile(emu, FIXTURES.pngImage, 'image/png'),
    bytes: await readFile(FIXTURES.pngImage),
  };
}

describe('CDN ranges', () => {
  it('answers a full GET with Content-Length and Accept-Ranges', async () => {
    const emu = await start();
    const { url, bytes } = await uploadedPng(emu);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=1000-', 1000, undefined],
    ['bytes=-50', -50, undefined],
  ])('%s → 206 with the matching Content-Range and bytes', async (header, from, to) => {
    const emu = await start();
    const { url, bytes } = await uploadedPng(emu);
    const response = await fetch(url, { headers: { range: header } });
    const first = from < 0 ? bytes.length + from : from;
    const end = to ?? bytes.length - 1;
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes ${first}-${end}/${bytes.length}`);
    expect(response.headers.get('content-length')).toBe(String(end - first + 1));
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes.subarray(first, end + 1))).toBe(
      true,
    );
  });

  it('answers 416 with bytes */size for a range past the end', async () => {
    const emu = await start();
    const { url, bytes } = await uploadedPng(emu);
    const response = await fetch(url, { headers: { range: `bytes=${bytes.length}-` } });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
  });

  it('answers HEAD with the headers and no body', async () => {
    const emu = await start();
    const { url, bytes } = await uploadedPng(emu);
    const response = await rawRequest(url, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe(String(bytes.length));
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.bytes.length).toBe(0);
  });

  it('answers 404 for unknown paths and 405 for other methods', async () => {
    const emu = await start();
    expect((await fetch(`${emu.cdnBase}/videos/nope/0.mp4`)).status).toBe(404);
    expect((await fetch(`${emu.cdnBase}/uploads/nope.png`)).status).toBe(404);
    const { url } = await uploadedPng(emu);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(405);
  });
});

describe('synthetic videos', () => {
  it('serves a deterministic file of the asked size that matches videoBytes, in any range', async () => {
    const emu = await start();
    const size = 3 * 65_536 + 123;
    const url = emu.addSyntheticVideo(size);
    const full = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(full.length).toBe(size);
    expect(full.equals(await emu.videoBytes(url))).toBe(true);
    // Ranges that straddle chunk and word boundaries give the same bytes as the full file.
    for (const [from, to] of [
      [1, 2],
      [65_535, 65_537],
      [100_001, size - 1],
    ] as const) {
      const part = await fetch(url, { headers: { range: `bytes=${from}-${to}` } });
      expect(part.status).toBe(206);
      expect(Buffer.from(await part.arrayBuffer()).equals(full.subarray(from, to + 1))).toBe(true);
    }
  });

  it('is not a short repeating pattern (a resume at the wrong offset would show)', async () => {
    const emu = await start();
    const bytes = await emu.videoBytes(emu.addSyntheticVideo(70_000));
    for (const shift of [4, 256, 4096, 65_536]) {
      expect(bytes.subarray(0, 64).equals(bytes.subarray(shift, shift + 64))).toBe(false);
    }
  });

  it('gives different files different bytes', async () => {
    const emu = await start();
    const a = await emu.videoBytes(emu.addSyntheticVideo(1024));
    const b = await emu.videoBytes(emu.addSyntheticVideo(1024));
    expect(a.equals(b)).toBe(false);
  });

  it('refuses to describe URLs it does not serve', async () => {
    const emu = await start();
    await expect(emu.videoBytes(`${emu.cdnBase}/videos/unknown/0.mp4`)).rejects.toThrow(
      /does not serve/,
    );
    await expect(emu.videoBytes('https://example.test/a.mp4')).rejects.toThrow();
  });
});

describe('close', () => {
  it('drops keep-alive connections so close() does not wait on idle sockets', async () => {
    const emu = await start();
    const { url } = await uploadedPng(emu);
    await (await fetch(url)).arrayBuffer();
    await emu.close();
    await expect(fetch(url)).rejects.toThrow();
  });
});
