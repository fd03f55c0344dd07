import { defineStrings } from './define-strings';

/** The unit words renderer/i18n/format.ts puts around numbers it formats through Intl. */
export const strings = defineStrings({
  en: {
    credits_one: '{{n}} credit',
    credits_other: '{{n}} credits',
    seconds_one: '{{n}} second',
    seconds_other: '{{n}} seconds',
    /** A model's lengths: "3 to 15 seconds" (a range), "5 or 10 seconds" (a choice). */
    secondsRange: '{{from}} to {{to}} seconds',
    secondsChoice: '{{list}} seconds',
    bytes: '{{n}} bytes',
    unknown: 'unknown',
  },
  'zh-CN': {
    credits_other: '{{n}} 积分',
    seconds_other: '{{n}} 秒',
    secondsRange: '{{from}} 至 {{to}} 秒',
    secondsChoice: '{{list}} 秒',
    bytes: '{{n}} 字节',
    unknown: '未知',
  },
});
