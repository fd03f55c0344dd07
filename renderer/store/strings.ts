import { defineStrings } from '../i18n/define-strings';

/**
 * Words the store says itself, outside any screen (start-up toasts, the budget question's
 * titles and reasons): namespace `store`. The reasons from shared/credits (caps, WeShop's
 * estimate) and errors from main stay English by design, like the CLI.
 */
export const strings = defineStrings({
  en: {
    budget: {
      over: 'Over your budget',
      unknown: 'Cost unknown',
      notChecked: 'The cost could not be checked: {{reason}}',
      renderOfSet: 'Render {{n}} of the set: {{reason}}',
      spentUnread: "Today's spending could not be read: {{reason}}",
    },
    start: {
      updateReady:
        'Kling Studio {{version}} is ready: restart from Settings → Updates, or it is installed when you quit.',
      openImageFailed: 'Could not open the picture the system handed over: {{reason}}',
      keyStatusFailed: 'Could not load the API key status: {{reason}}',
      settingsFailed: 'Could not load settings: {{reason}}',
    },
  },
  'zh-CN': {
    budget: {
      over: '超出预算',
      unknown: '费用未知',
      notChecked: '无法核对费用：{{reason}}',
      renderOfSet: '本组第 {{n}} 个渲染：{{reason}}',
      spentUnread: '无法读取今日花费：{{reason}}',
    },
    start: {
      updateReady: 'Kling Studio {{version}} 已就绪：可在“设置 → 更新”中重启，或在退出时自动安装。',
      openImageFailed: '无法打开系统传来的图片：{{reason}}',
      keyStatusFailed: '无法读取 API 密钥状态：{{reason}}',
      settingsFailed: '无法读取设置：{{reason}}',
    },
  },
});
