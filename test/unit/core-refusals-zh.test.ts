import { afterEach, describe, expect, it } from 'vitest';
import { type ContinueDeps, continueRender } from '../../electron/continue/continue-render';
import { checkLibraryVideo } from '../../electron/continue/library-video';
import { createNodeHttpGet } from '../../electron/engine/http-get';
import { probeVideoUrl } from '../../electron/weshop/video-probe';
import { sayMessage } from '../../renderer/i18n/core-messages';
import { setLanguage } from '../../renderer/i18n/index';
import type { RenderManifest } from '../../shared/job';
import { englishAndChinese } from './support/said-both';

/*
 * Refusals the core words itself (a download's link, Continue's and the reference-video
 * picker's "no such video") as the Chinese app shows them: thrown by the real functions, sent
 * as an AppError, said by errorMessage. The English (what the CLI prints) is checked beside.
 */

afterEach(async () => {
  await setLanguage('en');
});

const failed = {
  id: 'r-failed-1',
  state: 'failed',
  videos: [],
} as unknown as RenderManifest;

describe("the core's own refusals in the Chinese app", () => {
  it('a video link that is not http(s)', async () => {
    const get = createNodeHttpGet();
    const { english, said } = await englishAndChinese(() =>
      get('ftp://cdn.test/a.mp4', { headers: {} }),
    );
    expect(english).toBe('the video link is not an http(s) address');
    expect(said).toBe('视频链接不是 http(s) 地址');
  });

  it('Continue from a render with no downloaded video names its state in Chinese', async () => {
    const deps = { read: async () => failed } as unknown as ContinueDeps;
    const { english, said } = await englishAndChinese(() =>
      continueRender(deps, { id: failed.id, prompt: 'on' } as Parameters<typeof continueRender>[1]),
    );
    expect(english).toBe(
      'Render r-failed-1 has no downloaded video to continue from (it is failed)',
    );
    expect(said).toBe('渲染 r-failed-1 没有可用来续接的已下载视频（状态：失败）');
  });

  it("the reference-video picker's missing video", async () => {
    const { english, said } = await englishAndChinese(() =>
      checkLibraryVideo({ read: async () => failed }, { id: failed.id, videoIndex: 1 }),
    );
    expect(english).toBe('Render r-failed-1 has no video 2 (it is failed)');
    expect(said).toBe('渲染 r-failed-1 没有视频 2（状态：失败）');
  });

  it("Continue with a model that does not start from a picture, the model's mode in Chinese", async () => {
    const done = {
      id: 'r-done-1',
      state: 'done',
      request: { model: 'Kling_3_0', prompt: 'go', duration: 5, generateAudio: false },
      videos: [{ index: 0, url: 'https://cdn.test/v.mp4', file: 'video-1.mp4' }],
    } as unknown as RenderManifest;
    const deps = {
      home: '/tmp/h',
      read: async () => done,
      folderOf: () => '/tmp/h/r-done-1',
    } as unknown as ContinueDeps;
    const input = { id: done.id, prompt: 'on', model: 'Kling_Video_O1_Ele' };
    const { english, said } = await englishAndChinese(() =>
      continueRender(deps, input as Parameters<typeof continueRender>[1]),
    );
    expect(english).toContain('does not start from a picture, so it cannot continue a video');
    expect(said).toContain('Kling O1 · 文字或参考素材生成');
    expect(said).not.toContain('does not start from a picture');
  });

  it("the reference-video picker's expired link, and why, in Chinese", async () => {
    const gone = async () => new Response(null, { status: 404 });
    const probe = await probeVideoUrl('https://cdn.test/v.mp4', { fetch: gone });
    expect(probe.message).toBe(
      "This video's WeShop link has expired (cdn.test answered HTTP 404): WeShop keeps videos for a limited time; paste another https URL",
    );
    await setLanguage('zh-CN');
    expect(sayMessage(probe.message, probe.messageRef)).toBe(
      '此视频的 WeShop 链接已过期（cdn.test 返回 HTTP 404）：WeShop 只保留视频一段时间；请粘贴另一个 https URL',
    );
  });
});
