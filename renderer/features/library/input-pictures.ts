import type { RenderView } from '../../../shared/job';
import { AGENT_CATALOGUE, agentOf, MODEL_CATALOGUE } from '../../../shared/models';
import { i18n } from '../../i18n';
import { formatSeconds } from '../../i18n/format';
import { modelName } from '../../i18n/model-label';

// Plain functions (the Queue and the cards call them), so i18n.t rather than a hook; the
// screens re-render on a language change, so these are asked again then. Model and agent
// names are the catalogue's (shared/models), the same in every language.
const t = i18n.t;

/** One picture a render was made from, as the library shows it. */
export interface InputPicture {
  key: string;
  /** "First frame", "End frame", "Image 2", "Character": what the picture was to the model. */
  label: string;
  /** The original as the request names it (a local path or an https URL). */
  source: string;
  /** The library's copy (a media URL), or null when it has none. */
  url: string | null;
  /** The original was gone before the library could copy it. */
  missing: boolean;
}

/**
 * Words the library shows about a render's inputs, in one place: getters, so each read is in
 * the language chosen now (`inputs === INPUT_WORDS.firstFrame` compares like with like).
 */
export const INPUT_WORDS = {
  get firstFrame() {
    return t('detail:picture.firstFrame');
  },
  get endFrame() {
    return t('detail:picture.endFrame');
  },
  get character() {
    return t('detail:picture.character');
  },
  image: (n: number) => t('detail:picture.image', { n }),
  get textOnly() {
    return t('detail:picture.textOnly');
  },
  get noPicture() {
    return t('detail:picture.none');
  },
  get referenceVideo() {
    return t('detail:picture.referenceVideo');
  },
};

/**
 * Every input picture of a render, in the order the prompt and the model know them: picture 1
 * (first frame, character or image 1), reference images 2–4, then the end frame.
 */
export function inputPictures(view: RenderView): InputPicture[] {
  const { request } = view;
  const role = MODEL_CATALOGUE[request.model].imageRole;
  const pictures: InputPicture[] = [];
  if (request.image !== undefined) {
    pictures.push({
      key: 'image-1',
      label:
        role === 'first-frame'
          ? INPUT_WORDS.firstFrame
          : role === 'character'
            ? INPUT_WORDS.character
            : INPUT_WORDS.image(1),
      source: request.image,
      url: view.sourceImageUrl,
      missing: view.sourceImageCopy === 'missing',
    });
  }
  (request.moreImages ?? []).forEach((source, position) => {
    pictures.push({
      key: `image-${position + 2}`,
      label: INPUT_WORDS.image(position + 2),
      source,
      url: view.moreImageUrls?.[position] ?? null,
      missing: view.moreImageCopies?.[position]?.copy === 'missing',
    });
  });
  if (request.endFrame !== undefined) {
    pictures.push({
      key: 'end-frame',
      label: INPUT_WORDS.endFrame,
      source: request.endFrame,
      url: view.endFrameUrl ?? null,
      missing: view.endFrameCopy === 'missing',
    });
  }
  return pictures;
}

/** "Kling 3.0", "Kling O1 · First frame to video": the model (and mode) that made it. */
export const madeBy = (view: RenderView): string => modelName(view.request.model);

/** The agent's name as the catalogue has it ("Kling 3.0 Omni", "Motion Control"). */
export const agentLabel = (view: RenderView): string =>
  AGENT_CATALOGUE[agentOf(view.request.model)].label;

/**
 * What went in, in a few words: "First + end frame", "Text only", "3 reference images +
 * video", "Character + video".
 */
export function inputsSummary(view: RenderView): string {
  const { request } = view;
  const role = MODEL_CATALOGUE[request.model].imageRole;
  const pictures = (request.image === undefined ? 0 : 1) + (request.moreImages?.length ?? 0);
  let text: string;
  if (role === 'first-frame') {
    text =
      request.endFrame === undefined ? INPUT_WORDS.firstFrame : t('detail:picture.firstAndEnd');
  } else if (role === 'character') {
    text = INPUT_WORDS.character;
  } else if (pictures === 0) {
    text = request.referenceVideo === undefined ? INPUT_WORDS.textOnly : t('detail:picture.text');
  } else {
    text = t('detail:picture.referenceImages', { count: pictures });
  }
  return request.referenceVideo === undefined
    ? text
    : t('detail:picture.withVideo', { inputs: text });
}

/** "5 seconds" / "5 秒", or for Motion Control (which sends no duration) what sets the length. */
export const durationText = (view: RenderView): string =>
  MODEL_CATALOGUE[view.request.model].sendsDuration
    ? formatSeconds(view.request.duration)
    : t('detail:picture.videoLength');

/**
 * What names a render on screen: its prompt, or for one made without a prompt (Motion Control's
 * prompt is optional) its model and that it had none, so no button or dialog is named "".
 */
export const renderName = (view: RenderView): string =>
  view.request.prompt.trim() || t('detail:picture.noPrompt', { model: madeBy(view) });

/** A render made without any picture (Omni or O1 from text alone). */
export const isTextOnly = (view: RenderView): boolean =>
  view.request.image === undefined && (view.request.moreImages?.length ?? 0) === 0;
