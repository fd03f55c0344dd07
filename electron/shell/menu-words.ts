import type { Language } from '../../shared/language';

/**
 * The application menu's words in each interface language. Role items get a label too: a
 * label is one of the options Electron still applies to a role item (its action stays the
 * role's), and without one Windows and Linux show Electron's English defaults.
 */
export interface MenuWords {
  file: string;
  edit: string;
  view: string;
  window: string;
  help: string;
  about: (appName: string) => string;
  checkForUpdates: string;
  services: string;
  hide: (appName: string) => string;
  hideOthers: string;
  unhide: string;
  quit: (appName: string) => string;
  close: string;
  undo: string;
  redo: string;
  cut: string;
  copy: string;
  paste: string;
  pasteAndMatchStyle: string;
  delete: string;
  selectAll: string;
  reload: string;
  forceReload: string;
  toggleDevTools: string;
  resetZoom: string;
  zoomIn: string;
  zoomOut: string;
  togglefullscreen: string;
  minimize: string;
  zoom: string;
  front: string;
  openLogsFolder: string;
  getKey: string;
}

export const MENU_WORDS: Record<Language, MenuWords> = {
  en: {
    file: 'File',
    edit: 'Edit',
    view: 'View',
    window: 'Window',
    help: 'Help',
    about: (name) => `About ${name}`,
    checkForUpdates: 'Check for Updates…',
    services: 'Services',
    hide: (name) => `Hide ${name}`,
    hideOthers: 'Hide Others',
    unhide: 'Show All',
    quit: (name) => `Quit ${name}`,
    close: 'Close Window',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    pasteAndMatchStyle: 'Paste and Match Style',
    delete: 'Delete',
    selectAll: 'Select All',
    reload: 'Reload',
    forceReload: 'Force Reload',
    toggleDevTools: 'Toggle Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    togglefullscreen: 'Toggle Full Screen',
    minimize: 'Minimize',
    zoom: 'Zoom',
    front: 'Bring All to Front',
    openLogsFolder: 'Open Logs Folder',
    getKey: 'Get a WeShop API Key',
  },
  'zh-CN': {
    file: '文件',
    edit: '编辑',
    view: '视图',
    window: '窗口',
    help: '帮助',
    about: (name) => `关于 ${name}`,
    checkForUpdates: '检查更新…',
    services: '服务',
    hide: (name) => `隐藏 ${name}`,
    hideOthers: '隐藏其他',
    unhide: '全部显示',
    quit: (name) => `退出 ${name}`,
    close: '关闭窗口',
    undo: '撤销',
    redo: '重做',
    cut: '剪切',
    copy: '拷贝',
    paste: '粘贴',
    pasteAndMatchStyle: '粘贴并匹配样式',
    delete: '删除',
    selectAll: '全选',
    reload: '重新加载',
    forceReload: '强制重新加载',
    toggleDevTools: '切换开发者工具',
    resetZoom: '实际大小',
    zoomIn: '放大',
    zoomOut: '缩小',
    togglefullscreen: '切换全屏',
    minimize: '最小化',
    zoom: '缩放',
    front: '前置全部窗口',
    openLogsFolder: '打开日志文件夹',
    getKey: '获取 WeShop API 密钥',
  },
};
