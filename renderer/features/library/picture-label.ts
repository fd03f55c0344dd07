import { useTranslation } from 'react-i18next';
import type { RenderView } from '../../../shared/job';
import { MODEL_CATALOGUE } from '../../../shared/models';
import type { InputPicture } from './input-pictures';

/**
 * What an input picture was to the model, in the interface's language: picture 1 is the
 * first frame, the character or image 1 (the model's imageRole), then images 2–4, the end frame.
 */
export function usePictureLabel(): (
  view: RenderView,
  picture: Pick<InputPicture, 'key'>,
) => string {
  const { t } = useTranslation('detail');
  return (view, picture) => {
    if (picture.key === 'end-frame') return t('picture.endFrame');
    const n = Number(/^image-(\d+)$/.exec(picture.key)?.[1] ?? 1);
    if (n === 1) {
      const role = MODEL_CATALOGUE[view.request.model].imageRole;
      if (role === 'first-frame') return t('picture.firstFrame');
      if (role === 'character') return t('picture.character');
    }
    return t('picture.image', { n });
  };
}
