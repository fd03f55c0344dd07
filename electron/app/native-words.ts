import type { Language } from '../../shared/language';

/**
 * Words main shows outside the page, in the interface language (the same choice as the menus,
 * electron/shell/menu-language.ts): the system notification when a render ends, the message
 * boxes of "Check for Updates…", and the box when the app cannot start. The CLI never uses
 * these (it stays English).
 */
interface NativeWords {
  renderFinished: (count: number) => string;
  renderPartial: (delivered: number, total: number) => string;
  renderFailed: string;
  renderNeedsAttention: string;
  /** The body of "needs attention" when WeShop said nothing: what to do, in a line. */
  needsAttentionBody: string;
  upToDate: (appName: string) => string;
  youHave: (version: string) => string;
  available: (appName: string, version: string) => string;
  downloadingDetail: string;
  readyToInstall: (appName: string, version: string) => string;
  readyDetail: string;
  checkFailed: string;
  /** `message` is main's status in this language (electron-updater's own words inside stay English). */
  checkFailedDetail: (message: string) => string;
  doesNotUpdate: string;
  /** Why this copy does not update itself, by the reason main gave (see UNSUPPORTED_REASONS). */
  unsupportedReason: Record<UnsupportedReason, string>;
  restartNow: string;
  later: string;
  ok: string;
  couldNotStart: string;
}

/** Why a copy cannot update itself (main picks one; the updater's status carries its words). */
export type UnsupportedReason = 'system' | 'development';

export const NATIVE_WORDS: Record<Language, NativeWords> = {
  en: {
    renderFinished: (count) => `Render finished: ${count} video${count === 1 ? '' : 's'}`,
    renderPartial: (delivered, total) => `Render partly delivered: ${delivered} of ${total} videos`,
    renderFailed: 'Render failed',
    renderNeedsAttention: 'Render needs your attention',
    needsAttentionBody:
      'The start may have reached WeShop, but no run id came back. Check your WeShop history before you retry.',
    upToDate: (appName) => `${appName} is up to date`,
    youHave: (version) => `You have ${version}.`,
    available: (appName, version) => `${appName} ${version} is available`,
    downloadingDetail:
      'It is downloading in the background. You can restart into it from Settings → Updates once it is ready; otherwise it is installed when you quit.',
    readyToInstall: (appName, version) => `${appName} ${version} is ready to install`,
    readyDetail: 'Restart now to use it, or it is installed when you quit.',
    checkFailed: 'Could not check for updates',
    checkFailedDetail: (message) =>
      `${message}. Check the network connection, then try again (Help → Open Logs Folder has the details).`,
    doesNotUpdate: 'This copy of Kling Studio does not update itself',
    unsupportedReason: {
      system: 'This copy is updated by your system (or was not started from its installer).',
      development: 'Development builds do not update themselves.',
    },
    restartNow: 'Restart Now',
    later: 'Later',
    ok: 'OK',
    couldNotStart: 'Kling Studio could not start',
  },
  'zh-CN': {
    renderFinished: (count) => `渲染完成：${count} 个视频`,
    renderPartial: (delivered, total) => `渲染部分交付：${delivered} / ${total} 个视频`,
    renderFailed: '渲染失败',
    renderNeedsAttention: '渲染需要你处理',
    needsAttentionBody:
      '启动请求可能已到达 WeShop，但没有返回运行 ID。重试前请先查看你的 WeShop 历史记录。',
    upToDate: (appName) => `${appName} 已是最新版本`,
    youHave: (version) => `你的版本是 ${version}。`,
    available: (appName, version) => `${appName} ${version} 现已推出`,
    downloadingDetail:
      '正在后台下载。下载好后，可在“设置 → 更新”中重启以使用新版本；否则会在你退出时安装。',
    readyToInstall: (appName, version) => `${appName} ${version} 已可安装`,
    readyDetail: '立即重启以使用新版本，或在你退出时安装。',
    checkFailed: '无法检查更新',
    checkFailedDetail: (message) =>
      `${message}。请检查网络连接，然后再试一次（“帮助 → 打开日志文件夹”中有详细信息）。`,
    doesNotUpdate: '此 Kling Studio 副本不会自行更新',
    unsupportedReason: {
      system: '此副本由你的系统负责更新（或并非从安装程序启动）。',
      development: '开发版本不会自行更新。',
    },
    restartNow: '立即重启',
    later: '稍后',
    ok: '好',
    couldNotStart: 'Kling Studio 无法启动',
  },
};
