import { defineStrings } from '../i18n/define-strings';

/** The messages corner (Toasts.tsx): namespace `toasts`. */
export const strings = defineStrings({
  en: {
    region: 'Messages',
    dismiss: 'Dismiss message',
    more_one: '{{count}} more message',
    more_other: '{{count}} more messages',
    fewer: 'Show only the newest',
  },
  'zh-CN': {
    region: '消息',
    dismiss: '关闭消息',
    more_other: '还有 {{count}} 条消息',
    fewer: '只显示最新一条',
  },
});
