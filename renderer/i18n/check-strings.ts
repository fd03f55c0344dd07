import { defineStrings } from './define-strings';

/**
 * The render request's checks (shared/render-checks.ts), namespace `checks`: one key per check
 * id. English is word for word shared's template (a unit test holds them together), so the app
 * and the CLI say the same thing; `{{name}}` values come from the params.
 */
export const strings = defineStrings({
  en: {
    promptRequired: 'Describe the motion you want (a prompt is required)',
    modelNotOfAgent: '{{model}} is not a model of {{agent}} (its models: {{models}})',
    characterRequired:
      "{{model}} needs a character picture (the one the video's motion is moved onto)",
    firstFrameRequired: 'Choose an image: {{model}} needs a first-frame picture',
    tooManyReferences: '{{model}} takes at most {{max}} reference images, not {{count}}',
    tooManyPictures: '{{model}} takes one picture, not {{count}}',
    tooManyPicturesEndFrame:
      '{{model}} takes one picture, not {{count}} (the end frame is its own field: --end-frame)',
    endFrameMaster:
      'Kling 2.1 Master cannot end on a chosen frame: choose Kling 3.0, 2.6, 2.5 Turbo or 2.1 for an end frame',
    endFrameNotTaken: '{{model}} takes no end frame (models that do: {{models}})',
    videoNotTaken:
      '{{model}} takes no reference video (Kling 3.0 Omni, Kling O1 with references and Motion Control do)',
    videoRequired:
      '{{model}} needs a reference video: the https URL of the clip whose motion the character follows',
    aspectNotTaken:
      '{{model}} takes no aspect ratio (its picture sets the frame); only Kling 3.0 Omni and Kling O1 with references do',
    aspectFromVideo:
      "{{model}} follows the reference video's aspect ratio: leave the aspect ratio out when you give a video",
    aspectNotOffered: '{{model}} takes {{ratios}}, not {{ratio}}',
    durationNotOffered: '{{model}} supports {{durations}}, not {{duration}}',
    durationNotInRange: '{{model}} supports {{from}} to {{to}}, not {{duration}}',
    durationFromVideo:
      '{{model}} takes its length from the reference video: leave the duration out',
    audioNotTaken: '{{model}} cannot generate audio (only {{models}} can)',
  },
  'zh-CN': {
    promptRequired: '请描述您想要的动作（提示词为必填项）',
    modelNotOfAgent: '{{model}} 不是 {{agent}} 的模型（它的模型：{{models}}）',
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
  },
});
