import { isTerminal, type RenderView } from '../../../shared/job';
import { MODEL_CATALOGUE } from '../../../shared/models';
import { PathText } from '../../components/PathText';
import { formatBytes, formatDate } from '../../format';
import { describeState, errorBeyondServerMessage, failedChargeNote } from '../../job-labels';

/** Rows whose value is a path or URL: they wrap after separators, not inside names. */
const PATH_ROWS = new Set(['Image', 'Folder']);

/** Every setting of the request and what the core recorded, as a definition list. */
export function RenderFacts({ view }: { view: RenderView }) {
  const { request, credits } = view;
  const downloadedBytes = view.videos.reduce((sum, video) => sum + (video.bytes ?? 0), 0);
  const rows: [string, string][] = [
    ['Prompt', request.prompt],
    ['Image', request.image ?? 'None (text only)'],
    ['Model', `${MODEL_CATALOGUE[request.model].label} (${request.model})`],
    ['Duration', request.duration],
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
  ];
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
