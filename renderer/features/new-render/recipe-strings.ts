import { defineStrings } from '../../i18n/define-strings';

/** A video dropped on New render that carries a render's settings (RecipeDrop): namespace `recipe`. */
export const strings = defineStrings({
  en: {
    title: 'Settings from “{{file}}”',
    summary: '{{model}} · {{duration}} · audio {{audio}}',
    audioOn: 'on',
    audioOff: 'off',
    prompt: 'Prompt: “{{prompt}}”',
    picture:
      'Made from the picture {{picture}}: choose it (or another) again, the video does not carry it.',
    noPicture: 'Made from text alone.',
    use: 'Use these settings',
    dismiss: 'Dismiss',
    used: 'Settings from {{file}} are in the form.',
    none: '{{file}} carries no Kling Studio settings. Videos saved or exported from Kling Studio carry theirs.',
    failed: 'Could not read {{file}}: {{reason}}',
    noPath: 'Could not read where “{{file}}” is stored.',
  },
  'zh-CN': {
    title: '来自“{{file}}”的设置',
    summary: '{{model}} · {{duration}} · {{audio}}',
    audioOn: '有音频',
    audioOff: '无音频',
    prompt: '提示词：“{{prompt}}”',
    picture: '由图片 {{picture}} 生成：视频里不含这张图片，请重新选择它（或换一张）。',
    noPicture: '仅由文字生成。',
    use: '使用这些设置',
    dismiss: '关闭',
    used: '已将 {{file}} 的设置填入表单。',
    none: '{{file}} 不包含 Kling Studio 的设置。从 Kling Studio 保存或导出的视频才带有设置。',
    failed: '无法读取 {{file}}：{{reason}}',
    noPath: '无法读取“{{file}}”的存储位置。',
  },
});
