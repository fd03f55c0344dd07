import { useTranslation } from 'react-i18next';
import { isTerminal, type RenderView } from '../../../shared/job';
import { MODEL_CATALOGUE } from '../../../shared/models';
import { PathText } from '../../components/PathText';
import { formatBytes, formatDate } from '../../format';
import { sayWarning } from '../../i18n/core-messages';
import { formatCredits, formatNumber, formatSeconds } from '../../i18n/format';
import { describeState, errorBeyondServerMessage, failedChargeNote } from '../../job-labels';
import { agentLabel, inputPictures, madeBy } from './input-pictures';
import { usePictureLabel } from './picture-label';

/** One row: what it is, its value, and whether the value is a path or URL (wraps after separators). */
type Fact = { key: string; term: string; value: string; path?: boolean };

/** The frame rates of the downloaded videos, once each ("24 fps", "24 fps, 30 fps"). */
function frameRates(view: RenderView): number[] {
  const rates = view.videos.flatMap((video) => (video.frameRate ? [video.frameRate] : []));
  return [...new Set(rates.map((rate) => Math.round(rate * 100) / 100))];
}

/** Every setting of the request and what the core recorded, as a definition list. */
export function RenderFacts({ view }: { view: RenderView }) {
  const { t } = useTranslation('detail');
  const labelOf = usePictureLabel();
  const { request, credits } = view;
  const downloadedBytes = view.videos.reduce((sum, video) => sum + (video.bytes ?? 0), 0);
  const spec = MODEL_CATALOGUE[request.model];
  const pictures = inputPictures(view);
  const rows: Fact[] = [
    { key: 'prompt', term: t('facts.prompt'), value: request.prompt || t('facts.noPrompt') },
    // Names as people say them; the CLI's ids (--agent, --model) are in its help.
    { key: 'agent', term: t('facts.agent'), value: agentLabel(view) },
    { key: 'model', term: t('facts.model'), value: madeBy(view) },
    ...(pictures.length === 0
      ? [{ key: 'image', term: t('facts.image'), value: t('picture.none') }]
      : pictures.map((picture) => ({
          key: picture.key,
          term: labelOf(view, picture),
          value: picture.source,
          path: true,
        }))),
  ];
  const add = (key: string, term: string, value: string, path = false) =>
    rows.push({ key, term, value, path });
  if (request.referenceVideo !== undefined)
    add('reference', t('picture.referenceVideo'), request.referenceVideo, true);
  if (request.aspectRatio !== undefined) add('aspect', t('facts.aspectRatio'), request.aspectRatio);
  // Motion Control's length is the reference video's: its duration was never sent.
  add(
    'duration',
    t('facts.duration'),
    spec.sendsDuration ? formatSeconds(request.duration) : t('facts.durationOfReference'),
  );
  add('audio', t('facts.audio'), request.generateAudio ? t('facts.on') : t('facts.off'));
  add(
    'videos',
    t('facts.videos'),
    view.state === 'partial'
      ? t('facts.videosDelivered', {
          delivered: formatNumber(view.videos.length),
          asked: formatNumber(request.batchCount),
        })
      : formatNumber(request.batchCount),
  );
  const rates = frameRates(view);
  if (rates.length > 0)
    add(
      'fps',
      t('facts.frameRate'),
      rates.map((fps) => t('facts.fps', { fps: formatNumber(fps) })).join(', '),
    );
  add('state', t('facts.state'), describeState(view));
  add('created', t('facts.created'), formatDate(view.createdAt));
  add('updated', t('facts.updated'), formatDate(view.updatedAt));
  if (credits?.powerConsumption !== undefined)
    add('used', t('facts.creditsUsed'), formatCredits(credits.powerConsumption));
  if (credits?.powerBalanceAmount !== undefined)
    add('balance', t('facts.balanceAfter'), formatCredits(credits.powerBalanceAmount));
  if (downloadedBytes > 0) add('size', t('facts.size'), formatBytes(downloadedBytes));
  if (view.executionId) add('run', t('facts.runId'), view.executionId);
  if (view.serverMessage) add('said', t('facts.weshopSaid'), view.serverMessage);
  if (view.state === 'failed') add('charged', t('facts.charged'), failedChargeNote(view));
  const warning = sayWarning(view);
  if (warning && !isTerminal(view.state)) add('problem', t('facts.problem'), warning);
  const extraError = errorBeyondServerMessage(view);
  if (extraError) add('error', t('facts.error'), extraError);
  add('folder', t('facts.folder'), view.folder, true);

  return (
    <dl className="facts" aria-label={t('facts.label')}>
      {rows.map((row) => (
        <div key={row.key} className="fact">
          <dt>{row.term}</dt>
          <dd>{row.path ? <PathText path={row.value} /> : row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
