import { EventEmitter } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createUpdateGuard } from '../../electron/app/update-guard';
import { createUpdateController, type Updater } from '../../electron/app/updates';
import { exportSequence } from '../../electron/continue/export-sequence';
import { createPresetStore } from '../../electron/presets/preset-store';
import { normaliseApiKey } from '../../electron/secrets/store';
import { clipsMismatch, findJoinTools } from '../../electron/storyboard/join-clips';
import { transitionClips } from '../../electron/storyboard/join-storyboard';
import { captureShownFrame } from '../../renderer/features/library/SaveFrameButton';
import { describeUpdate } from '../../renderer/features/settings/UpdatesSection';
import { sayMessage } from '../../renderer/i18n/core-messages';
import { setLanguage } from '../../renderer/i18n/index';
import { coreSaid, saidParam, stateParam } from '../../shared/core-messages';
import { coreError } from '../../shared/errors';
import type { RenderManifest } from '../../shared/job';
import type { Storyboard } from '../../shared/storyboard';
import { englishAndChinese } from './support/said-both';

/*
 * The errors of the Storyboard's join, Export, presets and the API key as the app shows them
 * in Chinese: thrown by the real core functions, sent over IPC as an AppError and said by the
 * renderer's errorMessage. The English (what the CLI prints) is checked beside them.
 */

afterEach(async () => {
  await setLanguage('en');
});

async function withFolder<T>(use: (folder: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), 'core-errors-'));
  try {
    return await use(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

describe('storyboard, export, preset and key errors in the Chinese app', () => {
  it('a join before every transition is done, each transition and its state in Chinese', async () => {
    const storyboard = {
      transitions: [{ renderId: 'r-1' }, { renderId: 'r-2' }, { renderId: 'r-3' }],
    } as unknown as Storyboard;
    const renders: Record<string, Partial<RenderManifest>> = {
      'r-1': { state: 'running', videos: [] },
      'r-2': { state: 'failed', videos: [] },
    };
    const deps = {
      readRender: async (id: string) => (renders[id] as RenderManifest | undefined) ?? null,
      renderFolder: (id: string) => `/library/${id}`,
    };
    const { english, said } = await englishAndChinese(() => transitionClips(deps, storyboard));
    expect(english).toBe(
      "Not every transition is done: transition 1 is running, transition 2 is failed (re-render it), transition 3's render r-3 is gone. The joined MP4 is made once all 3 are",
    );
    expect(said).toBe(
      '还有过渡没有完成：过渡 1 的状态：运行中，过渡 2 的状态：失败（请重新渲染），过渡 3 的渲染 r-3 已不存在。全部 3 个完成后才会生成拼接的 MP4',
    );
  });

  it("a transition's re-render refused, its state in Chinese", async () => {
    await setLanguage('zh-CN');
    const refused = coreSaid('transitionStill', { number: 1, state: stateParam('running') });
    expect(sayMessage(refused.text, refused.ref)).toBe(
      '过渡 1 仍处于“运行中”：请等它完成，或先在“队列”中取消它',
    );
  });

  it('why the joined MP4 was re-encoded, in Chinese', async () => {
    const video = {
      codec: 'h264',
      width: 320,
      height: 240,
      timeBase: '1/12288',
      pixFmt: 'yuv420p',
      rate: '24/1',
    };
    const withAudio = {
      video,
      audio: { codec: 'aac', sampleRate: '44100', channels: 2 },
      duration: 1,
    };
    const mismatch = clipsMismatch([withAudio, { video, audio: null, duration: 1 }]);
    if (!mismatch) throw new Error('expected a mismatch');
    expect(mismatch.text).toBe('clip 2 has no audio while clip 1 has aac 44100 Hz, 2 ch');
    const joined = coreSaid('joinedReencoded', {
      count: 2,
      file: '/s.mp4',
      mismatch: saidParam(mismatch),
    });
    await setLanguage('zh-CN');
    expect(sayMessage(joined.text, joined.ref)).toBe(
      '已把 2 个片段拼接为 /s.mp4，并重新编码，因为片段 2 的音频（无音频）与片段 1（aac 44100 Hz, 2 ch）不同',
    );
  });

  it('a Delete WeShop may still be charging for, in Chinese with the way to collect it', async () => {
    const refused = coreError('invalid-input', 'deleteMayBeCharging', {
      detail: saidParam(coreSaid('runNotFinished', { runId: 'run-1' })),
      collect: saidParam(coreSaid('collectByRetry', { id: 'r-1' })),
      id: 'r-1',
    });
    const { english, said } = await englishAndChinese(() => {
      throw refused;
    });
    expect(english).toBe(
      "WeShop may still be making (and charging for) this render's run (run run-1 had not finished when it was last checked). If you delete the render, its videos will not be collected. To collect its videos instead: `kling-studio retry r-1` (Check again or Retry in the app; no new charge). To delete it anyway, confirm: `kling-studio delete r-1 --yes` (in the app: Delete anyway).",
    );
    expect(said).toBe(
      'WeShop 可能仍在生成（并为之扣费）这次渲染的运行（上次检查时运行 run-1 尚未完成）。如果删除这次渲染，它的视频将不会被取回。如要改为取回它的视频：`kling-studio retry r-1`（在应用中用“再次检查”或“重试”；不会再次扣费）。如仍要删除，请确认：`kling-studio delete r-1 --yes`（在应用中：“仍然删除”）。',
    );
  });

  it('a join without ffmpeg says how to install it', async () => {
    const { english, said } = await englishAndChinese(() => findJoinTools({ PATH: '' }));
    expect(english).toMatch(/^Joining needs ffmpeg: install it/);
    expect(said).toMatch(/^拼接需要 ffmpeg：请安装它/);
  });

  it('a sequence export into a folder that is not empty', async () => {
    await withFolder(async (folder) => {
      await writeFile(join(folder, 'a.mp4'), 'x');
      const clips = [{ id: 'r-1', file: join(folder, 'a.mp4') }];
      const { english, said } = await englishAndChinese(() => exportSequence(clips, folder));
      expect(english).toBe(`Choose an empty folder to export into (${folder} has 1 file)`);
      expect(said).toBe(`请选择一个空文件夹来导出（${folder} 中有 1 个文件）`);
      const none = await englishAndChinese(() => exportSequence([], folder));
      expect(none.said).toBe('这个序列没有已下载的片段可导出');
    });
  });

  it('a preset that is not there', async () => {
    await withFolder(async (home) => {
      const presets = createPresetStore({ home, onProblem: () => undefined });
      const { english, said } = await englishAndChinese(() => presets.get('Dolly'));
      expect(english).toBe('No preset named "Dolly" (no presets are saved yet)');
      expect(said).toBe('没有名为“Dolly”的预设（还没有保存任何预设）');
    });
  });

  it('an API key Settings cannot take', async () => {
    const short = await englishAndChinese(() => normaliseApiKey('abc'));
    expect(short.english).toBe('An API key is 8 to 512 characters; this one has 3');
    expect(short.said).toBe('API 密钥长度为 8 到 512 个字符；这个有 3 个');
    const spaced = await englishAndChinese(() => normaliseApiKey('abcd efgh ijkl'));
    expect(spaced.said).toBe('API 密钥中间不能有空格或换行');
  });

  it('a frame that cannot be saved yet says why in Chinese', async () => {
    await setLanguage('zh-CN');
    const notLoaded = { videoWidth: 0, videoHeight: 0 } as HTMLVideoElement;
    expect(() => captureShownFrame(notLoaded)).toThrow('视频还没有加载完成');
  });

  it('Settings → Updates says a failed check and the install refusals in Chinese', async () => {
    // electron-updater's way: 'error' is emitted, then the check rejects.
    const updater = Object.assign(new EventEmitter(), {
      autoDownload: false,
      autoInstallOnAppQuit: false,
      async checkForUpdates() {
        const error = new Error('net::ERR_INTERNET_DISCONNECTED');
        updater.emit('error', error);
        throw error;
      },
      quitAndInstall: () => undefined,
    }) as EventEmitter & Updater;
    const controller = createUpdateController({
      updater,
      unsupported: null,
      currentVersion: '0.1.0',
      guard: createUpdateGuard(),
      now: () => new Date(),
      log: { info: () => undefined, warn: () => undefined },
      publish: () => undefined,
      beforeInstall: async () => undefined,
    });
    const refused = await englishAndChinese(() => controller.install());
    expect(refused.english).toBe('No update is downloaded: use "Check for updates" first.');
    expect(refused.said).toBe('还没有下载任何更新：请先使用“检查更新…”。');
    const failed = await controller.check({ quiet: false });
    expect(describeUpdate(failed)).toBe(
      'Could not check the update: net::ERR_INTERNET_DISCONNECTED',
    );
    await setLanguage('zh-CN');
    expect(describeUpdate(failed)).toBe('无法检查更新：net::ERR_INTERNET_DISCONNECTED');
  });
});
