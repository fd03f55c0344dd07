import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Recipe } from '../../../shared/recipe';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { excerpt } from '../../format';
import { formatSeconds } from '../../i18n/format';
import './recipe-drop.css';
import { modelName } from '../../i18n/model-label';

const isVideo = (file: File) => /\.(mp4|m4v|mov)$/i.test(file.name);

type Offer = { kind: 'recipe'; file: string; recipe: Recipe } | { kind: 'message'; text: string };

/**
 * A video dropped on New render: when it carries a render's settings (saved or exported by Kling
 * Studio: electron/media/mp4-recipe.ts, read in main through recipe:read), offers "Use these
 * settings". Listens on the window before the app-wide drop (capture), so a video never ends up
 * as the picture; other files pass through untouched.
 */
export function RecipeDrop() {
  const { t } = useTranslation('recipe');
  const client = useClient();
  const [offer, setOffer] = useState<Offer | null>(null);
  const setModel = useAppStore((state) => state.setModel);
  const editDraft = useAppStore((state) => state.editDraft);
  const pushToast = useAppStore((state) => state.pushToast);

  useEffect(() => {
    const read = async (file: File) => {
      const path = client.pathForFile(file);
      if (!path) return setOffer({ kind: 'message', text: t('noPath', { file: file.name }) });
      try {
        const recipe = await client.call('recipe:read', { path });
        setOffer(
          recipe
            ? { kind: 'recipe', file: file.name, recipe }
            : { kind: 'message', text: t('none', { file: file.name }) },
        );
      } catch (error) {
        setOffer({
          kind: 'message',
          text: t('failed', { file: file.name, reason: errorMessage(error) }),
        });
      }
    };
    const onDrop = (event: DragEvent) => {
      const files = event.dataTransfer?.files;
      const file = files?.length === 1 ? files[0] : undefined;
      if (!file || !isVideo(file)) return;
      event.preventDefault();
      event.stopPropagation();
      void read(file);
    };
    window.addEventListener('drop', onDrop, { capture: true });
    return () => window.removeEventListener('drop', onDrop, { capture: true });
  }, [client, t]);

  if (!offer) return null;
  if (offer.kind === 'message')
    return (
      <div className="recipe-drop" role="status">
        <p>{offer.text}</p>
        <button type="button" onClick={() => setOffer(null)}>
          {t('dismiss')}
        </button>
      </div>
    );
  const { recipe } = offer;
  const use = () => {
    setModel(recipe.model);
    editDraft({
      prompt: recipe.prompt,
      duration: recipe.duration,
      generateAudio: recipe.generateAudio,
      ...(recipe.aspectRatio ? { aspectRatio: recipe.aspectRatio } : {}),
    });
    pushToast('success', t('used', { file: offer.file }));
    setOffer(null);
  };
  return (
    <section className="recipe-drop" aria-label={t('title', { file: offer.file })}>
      <h2>{t('title', { file: offer.file })}</h2>
      <p>
        {t('summary', {
          model: modelName(recipe.model),
          duration: formatSeconds(recipe.duration),
          audio: recipe.generateAudio ? t('audioOn') : t('audioOff'),
        })}
      </p>
      <p>{t('prompt', { prompt: excerpt(recipe.prompt, 200) })}</p>
      <p className="hint">
        {recipe.sourcePicture ? t('picture', { picture: recipe.sourcePicture }) : t('noPicture')}
      </p>
      <div className="button-row">
        <button type="button" className="primary" onClick={use}>
          {t('use')}
        </button>
        <button type="button" onClick={() => setOffer(null)}>
          {t('dismiss')}
        </button>
      </div>
    </section>
  );
}
