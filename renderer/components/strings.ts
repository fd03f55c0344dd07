import { defineStrings } from '../i18n/define-strings';

/** The shell (App.tsx, Nav) and the shared components' words. */
export const strings = defineStrings({
  en: {
    screens: {
      new: 'New render',
      queue: 'Queue',
      library: 'Library',
      settings: 'Settings',
      spent: 'Spent',
      storyboard: 'Storyboard',
    },
  },
  'zh-CN': {
    screens: {
      new: '新建渲染',
      queue: '队列',
      library: '素材库',
      settings: '设置',
      spent: '花费',
      storyboard: '故事板',
    },
  },
});
