/**
 * One feature's words in every language the app speaks. Chinese must have every English key
 * (the type checks it), except the `_one` plural forms: Chinese has only i18next's `_other`.
 */
type ChineseOf<T> = {
  [K in keyof T as K extends `${string}_one` ? never : K]: T[K] extends string
    ? string
    : ChineseOf<T[K]>;
} & {
  [K in keyof T as K extends `${string}_one` ? K : never]?: string;
};

export interface StringTree {
  [key: string]: string | StringTree;
}

/** `{ en: {...}, 'zh-CN': {...} }`: a namespace for renderer/i18n/resources.ts. */
export function defineStrings<const En extends StringTree>(strings: {
  en: En;
  'zh-CN': ChineseOf<En>;
}): { en: En; 'zh-CN': ChineseOf<En> } {
  return strings;
}
