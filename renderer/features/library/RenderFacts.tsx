import { isTerminal, type RenderView } from '../../../shared/job';
import { agentOf, MODEL_CATALOGUE } from '../../../shared/models';
import { PathText } from '../../components/PathText';
import { formatBytes, formatDate } from '../../format';
import { describeState, errorBeyondServerMessage, failedChargeNote } from '../../job-labels';
import { agentLabel, INPUT_WORDS, inputPictures, madeBy } from './input-pictures';

/** Rows whose value is a path or URL: they wrap after separators, not inside names. */
const PATH_ROWS = new Set([
  'Image',
  INPUT_WORDS.firstFrame,
  INPUT_WORDS.endFrame,
  INPUT_WORDS.character,
  ...[1, 2, 3, 4].map(INPUT_WORDS.image),
  INPUT_WORDS.referenceVideo,
  'Folder',
]);

/** One row per input picture ("First frame", "Image 2", …), or one saying there was none. */
function pictureRows(view: RenderView): [string, string][] {
  const pictures = inputPictures(view);
  if (pictures.length === 0) return [['Image', INPUT_WORDS.noPicture]];
  return pictures.map((picture) => [picture.label, picture.source]);
}

/** Every setting of the request and what the core recorded, as a definition list. */
export function RenderFacts({ view }: { view: RenderView }) {
  const { request, credits } = view;
  const downloadedBytes = view.videos.reduce((sum, video) => sum + (video.bytes ?? 0), 0);
  const spec = MODEL_CATALOGUE[request.model];
  const rows: [string, string][] = [
    ['Prompt', request.prompt || '(none)'],
    ['Agent', `${agentLabel(view)} (${agentOf(request.model)})`],
    ['Model', `${madeBy(view)} (${request.model})`],
    ...pictureRows(view),
  ];
  if (request.referenceVideo !== undefined)
    rows.push([INPUT_WORDS.referenceVideo, request.referenceVideo]);
  if (request.aspectRatio !== undefined) rows.push(['Aspect ratio', request.aspectRatio]);
  rows.push(
    // Motion Control's length is the reference video's: its duration was never sent.
    ['Duration', spec.sendsDuration ? request.duration : 'As long as the reference video'],
    ['Audio', request.generateAudio ? 'On' : 'Off'],
    [
      'Videos',
      view.state === 'partial'
        ? `${view.videos.length} of ${request.batchCount} delivered`
        : String(request.batchCount),
    ],
    ['State', describeState(view)],
    ['Created', formatDate(view.createdAt)],
    ['Updated', formatDate(view.updatedAt)],
  );
  if (credits?.powerConsumption !== undefined) {
    rows.push(['Credits used', String(credits.powerConsumption)]);
  }
  if (credits?.powerBalanceAmount !== undefined) {
    rows.push(['Credit balance after', String(credits.powerBalanceAmount)]);
  }
  if (downloadedBytes > 0) rows.push(['Size on disk', formatBytes(downloadedBytes)]);
  if (view.executionId) rows.push(['WeShop run id', view.executionId]);
  if (view.serverMessage) rows.push(['WeShop said', view.serverMessage]);
  if (view.state === 'failed') rows.push(['Charged', failedChargeNote(view)]);
  if (view.warning && !isTerminal(view.state)) rows.push(['Problem', view.warning]);
  const extraError = errorBeyondServerMessage(view);
  if (extraError) rows.push(['Error', extraError]);
  rows.push(['Folder', view.folder]);

  return (
    <dl className="facts">
      {rows.map(([term, value]) => (
        <div key={term} className="fact">
          <dt>{term}</dt>
          <dd>{PATH_ROWS.has(term) ? <PathText path={value} /> : value}</dd>
        </div>
      ))}
    </dl>
  );
}
