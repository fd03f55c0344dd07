import { useTranslation } from 'react-i18next';
import type { RenderView } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { PathText } from '../../components/PathText';
import { fileName } from '../../format';
import { inputPictures, isTextOnly } from './input-pictures';
import { usePictureLabel } from './picture-label';

/**
 * What a render was made from, beside its videos: every input picture with what it was to
 * the model (first frame, end frame, image 1…4, character), a note for a picture the library
 * could not keep or a render made from text alone, and the reference video's link.
 */
export function InputPictures({ view }: { view: RenderView }) {
  const { t } = useTranslation('detail');
  const labelOf = usePictureLabel();
  const pictures = inputPictures(view).map((picture) => ({
    ...picture,
    label: labelOf(view, picture),
  }));
  const kept = pictures.filter((picture) => picture.url !== null);
  return (
    <section className="detail-inputs" aria-label={t('inputs.label')}>
      {kept.length > 0 && (
        <div className="detail-pictures">
          {kept.map((picture) => (
            <figure key={picture.key} className="detail-source">
              <figcaption className="muted">{picture.label}</figcaption>
              <img
                src={picture.url ?? undefined}
                alt={`${picture.label}: ${fileName(picture.source)}`}
              />
            </figure>
          ))}
        </div>
      )}
      {pictures
        .filter((picture) => picture.missing)
        .map((picture) => (
          <p key={picture.key} className="muted">
            {t('inputs.notKept', { picture: picture.label, file: fileName(picture.source) })}
          </p>
        ))}
      {isTextOnly(view) && <p className="muted">{t('inputs.textOnly')}</p>}
      {view.request.referenceVideo !== undefined && (
        <ReferenceVideoLink url={view.request.referenceVideo} />
      )}
    </section>
  );
}

/**
 * The reference video's URL. It is never fetched here (its host must not see the API key, and
 * a WeShop link may have expired): an https link opens in the browser through main.
 */
function ReferenceVideoLink({ url }: { url: string }) {
  const { t } = useTranslation('detail');
  const openExternal = useAppStore((state) => state.openExternal);
  const opens = /^https:\/\//i.test(url);
  return (
    <p className="detail-video-link">
      <span className="muted">{t('picture.referenceVideo')}: </span>
      {opens ? (
        <button
          type="button"
          className="link"
          title={url}
          onClick={() => void openExternal(url)}
          aria-label={t('inputs.openReference', { url })}
        >
          <PathText path={url} />
        </button>
      ) : (
        <PathText path={url} />
      )}
    </p>
  );
}
