import { MODEL_CATALOGUE, type ModelName, modelLabel } from '../../shared/models';
import { i18n } from './index';

/** Kling O1's two modes (the models of one name, told apart by what they do). */
const MODE_KEYS: Partial<
  Record<ModelName, 'newRender:fields.modeText' | 'newRender:fields.modeFirstFrame'>
> = {
  Kling_Video_O1_Ele: 'newRender:fields.modeText',
  Kling_Video_O1_I2V: 'newRender:fields.modeFirstFrame',
};

/** A model's mode in the chosen language (the catalogue's mode words are the CLI's English). */
export function modeName(model: ModelName): string {
  const key = MODE_KEYS[model];
  return key ? i18n.t(key) : MODEL_CATALOGUE[model].mode;
}

/** shared's modelLabel in the chosen language: "Kling O1 · 首帧生成视频", "Kling 3.0". */
export function modelName(model: ModelName): string {
  return MODE_KEYS[model]
    ? `${MODEL_CATALOGUE[model].label} · ${modeName(model)}`
    : modelLabel(model);
}
