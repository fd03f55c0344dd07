/**
 * What the desktop shows about renders outside the window: one system notification when a
 * render ends (done, partly delivered, failed, needs attention; app/activity.ts words it),
 * which opens that render when clicked, unless Settings → "Notify me…" is off; and the number
 * of renders in flight on the Dock icon (macOS) or the launcher (Linux), with the overall
 * progress on the taskbar. Plain code over the Electron calls it needs (render-notices.test.ts
 * passes fakes).
 *
 * Electron facts it relies on (docs/api/notification.md, docs/api/app.md):
 * - a Notification's 'click' fires only while the object is referenced ("Keep references so
 *   events continue to fire"), and 'close' is "not guaranteed": the last notifications are
 *   kept until clicked, the oldest dropped past a cap;
 * - app.setBadgeCount exists on macOS and Linux only (on Linux the badge belongs to the
 *   .desktop file named by desktopName); 0 hides it. Windows shows the progress bar only.
 */
import type { RenderView } from '../../shared/job';
import type { Language } from '../../shared/language';
import { type createActivityTracker, noticeFor } from '../app/activity';

/** The part of Electron's Notification instance used. */
export interface ShownNotification {
  on(event: 'click', listener: () => void): unknown;
  show(): void;
}

export interface RenderNoticesDeps {
  platform: NodeJS.Platform;
  tracker: ReturnType<typeof createActivityTracker>;
  /** Notification.isSupported() */
  notificationsSupported(): boolean;
  /** new Notification({ title, body }) */
  createNotification(options: { title: string; body: string }): ShownNotification;
  /** Settings → notifications, read when a render ends. */
  notificationsOn(): Promise<boolean>;
  /** The interface language (the menus' choice), read when a render ends. */
  language(): Promise<Language>;
  /** Opens the render in the window (bringing it forward, opening one if needed). */
  openRender(id: string): void;
  /** app.setBadgeCount (macOS, Linux). */
  setBadgeCount(count: number): void;
  /** BrowserWindow.setProgressBar on the window, if there is one (-1 clears it). */
  setProgressBar(progress: number): void;
  log: { warn(message: string, fields?: Record<string, unknown>): void };
}

/** Notifications kept for their click handler; older ones can no longer open their render. */
const KEPT_NOTIFICATIONS = 20;

export function createRenderNotices(deps: RenderNoticesDeps): { update(view: RenderView): void } {
  const kept = new Map<string, ShownNotification>();
  let badge = -1;

  const keep = (id: string, notification: ShownNotification) => {
    kept.delete(id);
    kept.set(id, notification);
    for (const oldest of kept.keys()) {
      if (kept.size <= KEPT_NOTIFICATIONS) break;
      kept.delete(oldest);
    }
  };

  const notify = async (view: RenderView) => {
    if (!deps.notificationsSupported() || !(await deps.notificationsOn())) return;
    // Worded when shown: in the language the app speaks now (the tracker's is English).
    const notice = noticeFor(view, await deps.language());
    if (!notice) return;
    const notification = deps.createNotification({ title: notice.title, body: notice.body });
    notification.on('click', () => {
      kept.delete(notice.id);
      deps.openRender(notice.id);
    });
    keep(notice.id, notification);
    notification.show();
  };

  return {
    update(view) {
      const notice = deps.tracker.update(view);
      deps.setProgressBar(deps.tracker.progress());
      const inFlight = deps.tracker.activeCount();
      if (deps.platform !== 'win32' && inFlight !== badge) {
        badge = inFlight;
        deps.setBadgeCount(inFlight);
      }
      if (notice) {
        notify(view).catch((error: unknown) =>
          deps.log.warn('render notification not shown', { id: notice.id, err: error }),
        );
      }
    },
  };
}
