import { defineStrings } from '../../i18n/define-strings';

/** The welcome shown instead of New render while no API key is set. */
export const strings = defineStrings({
  en: {
    title: 'Welcome to Kling Studio',
    intro:
      'Kling Studio turns a photo and a short motion prompt into videos with the Kling models. To make videos it needs your <strong>WeShop API key</strong>.',
    step1: 'Get a key from your WeShop account (open.weshop.ai → Authorization → API key).',
    step2: 'Paste it in Settings. It is kept in your system keychain and sent only to WeShop.',
    openSettings: 'Open Settings to add your key',
    getKey: 'Get an API key ↗',
    offline: 'Your Library works without a key: renders you already have stay available offline.',
  },
  'zh-CN': {
    title: '欢迎使用 Kling Studio',
    intro:
      'Kling Studio 用一张照片和一句简短的动作提示词，借助 Kling 模型生成视频。生成视频需要你的 <strong>WeShop API 密钥</strong>。',
    step1: '在你的 WeShop 账户中获取密钥（open.weshop.ai → Authorization → API key）。',
    step2: '把它粘贴到“设置”中。密钥保存在系统钥匙串里，只会发送给 WeShop。',
    openSettings: '打开“设置”添加密钥',
    getKey: '获取 API 密钥 ↗',
    offline: '没有密钥也能使用作品库：已有的渲染可离线查看。',
  },
});
