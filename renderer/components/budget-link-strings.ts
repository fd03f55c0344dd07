import { defineStrings } from '../i18n/define-strings';

/** The way from a budget question to the caps (BudgetSettingsButton): namespace `budgetLink`. */
export const strings = defineStrings({
  en: {
    open: 'Change the caps in Settings → Budget',
  },
  'zh-CN': {
    open: '在“设置 → 预算”中修改上限',
  },
});
