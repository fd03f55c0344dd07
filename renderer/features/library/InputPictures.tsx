import type { RenderView } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { PathText } from '../../components/PathText';
import { fileName } from '../../format';
import { INPUT_WORDS, inputPictures, isTextOnly } from './input-pictures';

/**
 * What a render was made from, beside its videos: every input picture with what it was to
 * the model (first frame, end frame, image 1…4, character), a note for a picture the library
 * could not keep or a render made from text alone, and the reference video's link.
 */
export function InputPictures({ view }: { view: RenderView }) {
  const pictures = inputPictures(view);
  const kept = pictures.filter((picture) => picture.url !== null);
  return (
    <section className="detail-inputs" aria-label="What it was made from">
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
            {picture.label} not kept: {fileName(picture.source)} was moved or deleted before it
            could be copied into the library.
          </p>
        ))}
      {isTextOnly(view) && (
        <p className="muted">Made from the prompt alone: this render had no picture.</p>
      )}
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
  const openExternal = useAppStore((state) => state.openExternal);
  const opens = /^https:\/\//i.test(url);
  return (
    <p className="detail-video-link">
      <span className="muted">{INPUT_WORDS.referenceVideo}: </span>
      {opens ? (
        <button
          type="button"
          className="link"
          title={url}
          onClick={() => void openExternal(url)}
          aria-label={`Open the reference video in the browser: ${url}`}
        >
          <PathText path={url} />
        </button>
      ) : (
        <PathText path={url} />
      )}
    </p>
  );
}
