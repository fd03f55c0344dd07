import {
  BUDGET_CAPS,
  BUDGET_CHECKS,
  BUDGET_SUBJECTS,
  CAP_WITH_LIMIT,
} from '../../shared/budget-checks';
import { RENDER_CHECKS } from '../../shared/render-checks';
import { defineStrings } from './define-strings';

/**
 * The shared checks' words, namespace `checks`: the render request's checks (shared/
 * render-checks.ts, one key per check id) and the budget rules' reasons under `budget`
 * (shared/budget-checks.ts). English is shared's own table (written once: the app and the CLI
 * say the same thing); Chinese must have every key of it (the type and the i18n-strings test
 * check it), so a check added in shared without its Chinese fails there. `{{name}}` values come
 * from the or the reason's params.
 */
export const strings = defineStrings({
  en: {
    ...RENDER_CHECKS,
    budget: {
      ...BUDGET_CHECKS,
      subject: BUDGET_SUBJECTS,
      cap: BUDGET_CAPS,
      capWithLimit: CAP_WITH_LIMIT,
    },
  },
  'zh-CN': {
    promptRequired: '请描述你想要的动作（提示词为必填项）',
    modelNotOfAgent: '{{model}} 不是 {{agent}} 的模型（它的模型：{{models}}）',
    runIdRequired: '请粘贴你在 WeShop 历史记录中找到的运行 ID',
    runIdTooLong: '运行 ID 最多 {{max}} 个字符；请检查你粘贴的内容',
    runIdCharacters: "运行 ID 只包含字母、数字、'-'、'_' 和 '.'；请检查你粘贴的内容",
    characterRequired: '{{model}} 需要一张角色图片（视频中的动作会迁移到该角色上）',
    firstFrameRequired: '请选择图片：{{model}} 需要一张首帧图片',
    tooManyReferences: '{{model}} 最多接受 {{max}} 张参考图片，而不是 {{count}} 张',
    tooManyPictures: '{{model}} 只接受一张图片，而不是 {{count}} 张',
    tooManyPicturesEndFrame:
      '{{model}} 只接受一张图片，而不是 {{count}} 张（尾帧有单独的字段：--end-frame）',
    endFrameMaster:
      'Kling 2.1 Master 不能以指定画面结尾：如需尾帧，请选择 Kling 3.0、2.6、2.5 Turbo 或 2.1',
    endFrameNotTaken: '{{model}} 不接受尾帧（接受尾帧的模型：{{models}}）',
    videoNotTaken:
      '{{model}} 不接受参考视频（Kling 3.0 Omni、带参考的 Kling O1 和 Motion Control 接受）',
    videoRequired: '{{model}} 需要参考视频：请填写角色所跟随动作的视频片段的 https 网址',
    aspectNotTaken:
      '{{model}} 不接受宽高比（由图片决定画面）；只有 Kling 3.0 Omni 和带参考的 Kling O1 接受',
    aspectFromVideo: '{{model}} 沿用参考视频的宽高比：提供视频时请不要设置宽高比',
    aspectNotOffered: '{{model}} 支持 {{ratios}}，不支持 {{ratio}}',
    durationNotOffered: '{{model}} 支持 {{durations}}，不支持 {{duration}}',
    durationNotInRange: '{{model}} 支持 {{from}} 到 {{to}}，不支持 {{duration}}',
    durationFromVideo: '{{model}} 的时长取自参考视频：请不要设置时长',
    audioNotTaken: '{{model}} 不能生成音频（只有 {{models}} 可以）',
    promptTooLong: '提示词最多 {{max}} 个字符',
    imageRequired: '请选择图片：本机文件或 https 网址',
    imageHttp: '图片网址必须使用 https，而不是 http',
    imageNotUrl: '不是有效的网址：{{value}}',
    imageScheme: '图片网址必须使用 https',
    imageNotAbsolute: '本机图片路径必须是绝对路径',
    videosWhole: '视频数：{{min}} 到 {{max}} 之间的整数',
    videosMin: '视频数：至少 {{min}} 个',
    videosMax: '视频数：一次渲染最多 {{max}} 个',
    videoUrlRequired: '参考视频：请粘贴视频的 https 网址',
    videoUrlTooLong: '参考视频：网址超过 {{max}} 个字符',
    videoUrlNotUrl: '参考视频：不是有效的网址：{{value}}',
    setPromptRequired: '请至少填写一个提示词',
    setModelRequired: '请至少选择一个模型',
    videoUrlScheme: '参考视频：网址必须使用 https（WeShop 从互联网获取视频），而不是 {{protocol}}',
    setRepeatsPrompt: '这组变体有重复的提示词：每个提示词只填一次',
    setRepeatsModel: '这组变体有重复的模型：每个模型只选一次',
    setRepeatsDuration: '这组变体有重复的时长：每个时长只选一次',
    setTooLarge: '这组共 {{count}} 个渲染；一组最多可加入队列 {{max}} 个',
    storyboardFewKeyframes: '故事板至少需要 {{min}} 个关键帧',
    storyboardManyKeyframes: '故事板最多 {{max}} 个关键帧',
    storyboardManyPrompts: '故事板最多 {{max}} 条提示词',
    presetNameRequired: '预设需要一个名称',
    presetNameTooLong: '预设名称最多 {{max}} 个字符',
    presetNameCharacters: '预设名称只能使用字母、数字、空格、“_”、“-” 或 “.”（并以字母或数字开头）',
    presetTemplateRequired: '预设需要一个提示词模板',
    presetTemplateTooLong: '提示词模板最多 {{max}} 个字符',
    presetTemplateBraces:
      '提示词模板：变量请写成 {name}（字母、数字、“_” 或 “-”）；不能单独使用 “{” 或 “}”',
    catalogPictureEmpty: '图片路径为空',
    catalogNoPictures: '请至少提供一张图片',
    catalogTooManyPictures: '一次商品图批量最多可加入队列 {{max}} 张图片',
    storyboardPromptRequired: '请填写提示词',
    storyboardPromptCount:
      '请为所有过渡填写一个提示词，或为每个过渡各填一个：{{keyframes}} 个关键帧构成 {{transitions}} 个过渡，而不是 {{prompts}} 个',
    storyboardNoEndFrame: '{{model}} 不能以指定画面结尾，因此无法渲染故事板：请选择 {{models}}',
    catalogPathNotSafe: '路径必须是绝对路径，且不含“..”',
    continueModelNoPicture:
      '{{model}} 不从图片开始，因此无法续写视频：请选择从图片开始的模型（{{models}}）',
    continueSourceNoPicture:
      '此渲染使用的是 {{model}}，它不从图片开始：请选择从图片开始的模型（{{models}}）',
    continueSourceOtherModel:
      '此渲染使用的是 {{model}}，它不从图片开始：续写会改用支持首帧的模型。',
    budget: {
      overRender: '{{Subject}}预计花费 {{credits}}，超过了{{cap}}（{{limit}}）。',
      overDay:
        '今天已花费 {{spent}}，加上{{subject}}的 {{credits}}，共 {{total}}，超过了{{cap}}（{{limit}}）。',
      unknown: '没有费用估算，因此无法检查{{caps}}。',
      unknownFor: '{{Subject}}：没有费用估算，因此无法检查{{caps}}。',
      subject: {
        render: '此渲染',
        request: '第 {{n}} 个请求',
        batch: '这批 {{n}} 个渲染',
        renderOfSet: '该组的第 {{n}} 个渲染',
        eachOfSet: '该组的每个渲染',
        set: '这组 {{n}} 个渲染',
      },
      cap: {
        perRender: '单次渲染上限',
        daily: '每日上限',
        maxCredits: '--max-credits',
      },
      capWithLimit: '{{cap}}（{{limit}}）',
    },
  },
});
