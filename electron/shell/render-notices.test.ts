import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { RenderView } from '../../shared/job';
import type { Language } from '../../shared/language';
import { createActivityTracker } from '../app/activity';
import { createRenderNotices } from './render-notices';

const view = (id: string, state: RenderView['state']) =>
  ({
    id,
    state,
    request: { prompt: 'a cat waving', batchCount: 1 },
    videos: state === 'done' ? [{ index: 0, url: 'https://cdn/x.mp4' }] : [],
  }) as unknown as RenderView;

/**
 * A faithful fake of Electron's Notification: show() puts it on screen; the user's click
 * emits 'click' (only on an object still referenced, which is the caller's job to keep).
 */
class FakeNotification extends EventEmitter {
  shown = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show() {
    this.shown = true;
  }
  click() {
    this.emit('click');
  }
}

function setup(
  options: {
    platform?: NodeJS.Platform;
    on?: boolean;
    supported?: boolean;
    language?: Language;
  } = {},
) {
  const notifications: FakeNotification[] = [];
  const badges: number[] = [];
  const bars: number[] = [];
  const opened: string[] = [];
  const notices = createRenderNotices({
    platform: options.platform ?? 'darwin',
    tracker: createActivityTracker(),
    notificationsSupported: () => options.supported ?? true,
    createNotification: (init) => {
      const notification = new FakeNotification(init);
      notifications.push(notification);
      return notification;
    },
    notificationsOn: async () => options.on ?? true,
    language: async () => options.language ?? 'en',
    openRender: (id) => opened.push(id),
    setBadgeCount: (count) => badges.push(count),
    setProgressBar: (progress) => bars.push(progress),
    log: { warn: () => undefined },
  });
  return { notices, notifications, badges, bars, opened };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('render notices', () => {
  it('shows one notification when a render ends, and a click opens that render', async () => {
    const { notices, notifications, opened } = setup();
    notices.update(view('r1', 'running'));
    notices.update(view('r1', 'done'));
    notices.update(view('r1', 'done')); // the same end seen again (a library refresh)
    await settle();
    expect(notifications.map((n) => [n.options.title, n.shown])).toEqual([
      ['Render finished: 1 video', true],
    ]);
    notifications[0]?.click();
    expect(opened).toEqual(['r1']);
  });

  it('says when a render needs the user (failed, needs attention)', async () => {
    const { notices, notifications } = setup();
    notices.update(view('a', 'starting'));
    notices.update(view('a', 'needs-attention'));
    notices.update(view('b', 'running'));
    notices.update(view('b', 'failed'));
    await settle();
    expect(notifications.map((n) => n.options.title)).toEqual([
      'Render needs your attention',
      'Render failed',
    ]);
  });

  it("speaks the app's language (as the menus do): Chinese titles, no English error as a body", async () => {
    const { notices, notifications } = setup({ language: 'zh-CN' });
    const needs = {
      ...view('a', 'needs-attention'),
      error: { kind: 'needs-attention', message: 'The start request may have reached WeShop…' },
    } as RenderView;
    const failed = { ...view('b', 'failed'), serverMessage: '人脸未检测到' } as RenderView;
    for (const [running, ended] of [
      [view('a', 'starting'), needs],
      [view('b', 'running'), failed],
      [view('c', 'running'), view('c', 'done')],
    ] as const) {
      notices.update(running);
      notices.update(ended);
    }
    await settle();
    expect(notifications.map((n) => [n.options.title, n.options.body])).toEqual([
      [
        '渲染需要你处理',
        '启动请求可能已到达 WeShop，但没有返回运行 ID。重试前请先查看你的 WeShop 历史记录。',
      ],
      ['渲染失败', '人脸未检测到'], // WeShop's own words, as it sent them
      ['渲染完成：1 个视频', 'a cat waving'],
    ]);
  });

  it('shows nothing with notifications off in Settings, or where the system has none', async () => {
    for (const options of [{ on: false }, { supported: false }]) {
      const { notices, notifications } = setup(options);
      notices.update(view('r1', 'running'));
      notices.update(view('r1', 'done'));
      await settle();
      expect(notifications, JSON.stringify(options)).toEqual([]);
    }
  });

  it('shows the renders in flight on the Dock or launcher badge, and the progress bar', () => {
    const { notices, badges, bars } = setup({ platform: 'linux' });
    notices.update(view('a', 'running'));
    notices.update(view('b', 'queued'));
    notices.update(view('a', 'downloading'));
    notices.update(view('a', 'done'));
    notices.update(view('b', 'canceled'));
    // Changes only: 1, 2, then 1, then 0 (which hides the badge).
    expect(badges).toEqual([1, 2, 1, 0]);
    expect(bars.at(-1)).toBe(-1);
    expect(bars[0]).toBe(0.5);
  });

  it('has no badge on Windows (app.setBadgeCount is macOS and Linux only): the progress bar only', () => {
    const { notices, badges, bars } = setup({ platform: 'win32' });
    notices.update(view('a', 'running'));
    expect(badges).toEqual([]);
    expect(bars).toEqual([0.5]);
  });
});
