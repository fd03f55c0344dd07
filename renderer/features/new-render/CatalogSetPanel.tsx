import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CatalogEstimate,
  type CatalogRequestInput,
  catalogPrompt,
} from '../../../shared/catalog-set';
import { DEFAULT_CATALOG_TEMPLATE } from '../../../shared/catalog-template';
import { modelLabel } from '../../../shared/models';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { FieldError } from '../../components/FieldError';
import { budgetReasonText } from '../../i18n/check-messages';
import { formatCredits, formatSeconds } from '../../i18n/format';
import type { Draft } from '../../store/draft';
import { CatalogSetList } from './CatalogSetList';
import { catalogDraft, looksLikePicture, useCatalogDraft } from './catalog-drop';
import './catalog-set.css';

type Estimate =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'ready'; answer: CatalogEstimate }
  | { state: 'error'; message: string };

/** What every render of the set shares: the New render form's settings. */
function settingsOf(form: Draft): Omit<CatalogRequestInput, 'pictures' | 'promptTemplate'> {
  const batch = Number(form.batchCount);
  return {
    agent: form.agent,
    model: form.model,
    duration: form.duration,
    generateAudio: form.generateAudio,
    batchCount: Number.isInteger(batch) && batch > 0 ? batch : 1,
    ...(form.aspectRatio ? { aspectRatio: form.aspectRatio } : {}),
  };
}

/**
 * Catalog set: one prompt template over many pictures (a dropped folder, several dropped or
 * chosen pictures). Main checks every picture (the bad ones are listed and skipped), prices
 * the set and judges the caps; "Queue N renders" queues them as one set.
 */
export function CatalogSetPanel() {
  const { t } = useTranslation('catalog');
  const ids = useId();
  const client = useClient();
  const form = useAppStore((state) => state.draft);
  const pushToast = useAppStore((state) => state.pushToast);
  const setScreen = useAppStore((state) => state.setScreen);
  const openSet = useAppStore((state) => state.openSet);
  const catalog = useCatalogDraft();
  const [template, setTemplate] = useState(DEFAULT_CATALOG_TEMPLATE);
  const [notes, setNotes] = useState<string[]>([]);
  const [estimate, setEstimate] = useState<Estimate>({ state: 'idle' });
  const [queueing, setQueueing] = useState(false);
  const [problem, setProblem] = useState<string>();
  const picker = useRef<HTMLInputElement>(null);
  const folderPicker = useRef<HTMLInputElement>(null);

  // Dropped or chosen files become paths; a folder becomes its pictures (listed in main).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when files arrive
  useEffect(() => {
    const files = catalogDraft.takePending();
    if (files.length > 0) void addFiles(files);
  }, [catalog.pending]);

  async function addFiles(files: readonly File[]) {
    const found: string[] = [];
    const problems: string[] = [];
    for (const file of files) {
      // Electron's webUtils.getPathForFile (through the preload) gives a dropped folder's path
      // too: https://www.electronjs.org/docs/latest/api/web-utils#webutilsgetpathforfilefile
      const path = client.pathForFile(file);
      if (!path) problems.push(t('noPath', { name: file.name }));
      else if (looksLikePicture(path)) found.push(path);
      else {
        try {
          found.push(...(await client.call('images:list-folder', { path })).pictures);
        } catch (error) {
          problems.push(t('folderProblem', { message: errorMessage(error) }));
        }
      }
    }
    catalogDraft.addPictures(found);
    setNotes(problems);
  }

  const request = useMemo<CatalogRequestInput>(
    () => ({ pictures: [...catalog.pictures], promptTemplate: template, ...settingsOf(form) }),
    [catalog.pictures, template, form],
  );
  const requestKey = JSON.stringify(request);

  useEffect(() => {
    const asked = JSON.parse(requestKey) as CatalogRequestInput;
    setEstimate({ state: 'idle' });
    if (asked.pictures.length === 0) return;
    let current = true;
    const timer = setTimeout(() => {
      setEstimate({ state: 'busy' });
      client.call('render:estimate-catalog', asked).then(
        (answer) => current && setEstimate({ state: 'ready', answer }),
        (error) => current && setEstimate({ state: 'error', message: errorMessage(error) }),
      );
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, requestKey]);

  const answer = estimate.state === 'ready' ? estimate.answer : null;
  const count = answer?.count ?? 0;
  const overCaps = answer ? answer.budget.over.length + answer.budget.unchecked.length > 0 : false;

  async function queue() {
    if (!answer || count === 0 || queueing) return;
    setQueueing(true);
    setProblem(undefined);
    try {
      const queued = await client.call('render:queue-catalog', {
        ...request,
        ...(overCaps ? { confirmOverBudget: true } : {}),
      });
      // The set in words, never its internal id; its renders open side by side from the toast.
      pushToast('success', t('queued', { count: queued.ids.length }), {
        label: t('openSet'),
        run: () => {
          setScreen('new');
          openSet(queued.setId);
        },
      });
      catalogDraft.clear();
      setNotes([]);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setQueueing(false);
    }
  }

  const choose = (files: FileList | null) => {
    if (files?.length) catalogDraft.addPending([...files]);
  };
  const example = catalogPrompt(template, catalog.pictures[0] ?? '/red-shoe.png');

  return (
    <section className="creative-panel catalog-set" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('title')}</h2>
      <p className="hint">{t('intro')}</p>
      <div className="button-row">
        <button type="button" onClick={() => picker.current?.click()}>
          {t('choosePictures')}
        </button>
        <button type="button" onClick={() => folderPicker.current?.click()}>
          {t('chooseFolder')}
        </button>
        {catalog.pictures.length > 0 && (
          <button type="button" onClick={() => catalogDraft.clear()}>
            {t('clear')}
          </button>
        )}
      </div>
      <input
        ref={picker}
        type="file"
        multiple
        accept=".png,.jpg,.jpeg,.webp"
        hidden
        onChange={(event) => choose(event.target.files)}
      />
      <input
        ref={folderPicker}
        type="file"
        hidden
        {...{ webkitdirectory: '' }}
        onChange={(event) => choose(event.target.files)}
      />
      {notes.map((note) => (
        <p key={note} className="form-error" role="alert">
          {note}
        </p>
      ))}
      {catalog.pictures.length > 0 && (
        <>
          <div className="field">
            <label htmlFor={`${ids}-template`} className="field-label">
              {t('template')}
            </label>
            <input
              id={`${ids}-template`}
              type="text"
              value={template}
              onChange={(event) => setTemplate(event.target.value)}
            />
            <p className="hint">
              {t('templateHint', { example: example.ok ? example.prompt : template })}
            </p>
          </div>
          <p className="hint">
            {t('settings', {
              model: modelLabel(form.model),
              duration: formatSeconds(form.duration),
              audio: form.generateAudio ? t('audio') : '',
              videos: t('videos', { count: Number(form.batchCount) || 1 }),
            })}
          </p>
          <CatalogSummary estimate={estimate} />
          <CatalogSetList pictures={catalog.pictures} checked={answer?.pictures ?? null} />
          <FieldError id={`${ids}-problem`} message={problem} />
          <div className="button-row">
            <button
              type="button"
              className="primary"
              aria-disabled={!answer || count === 0 || queueing}
              onClick={() => void queue()}
            >
              {queueing
                ? t('queueing')
                : overCaps
                  ? t('queueAnyway', { count })
                  : t('queue', { count })}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** The set in one glance: renders, uploads, the total and the caps, or why there is none. */
function CatalogSummary({ estimate }: { estimate: Estimate }) {
  const { t } = useTranslation('catalog');
  if (estimate.state === 'idle' || estimate.state === 'busy') {
    return (
      <p className="set-summary" role="status">
        {t('checking')}
      </p>
    );
  }
  if (estimate.state === 'error') {
    return (
      <p className="form-error" role="alert">
        {t('estimateFailed', { message: estimate.message })}
      </p>
    );
  }
  const { answer } = estimate;
  const skipped = answer.pictures.filter((p) => p.problem !== undefined).length;
  return (
    <div className="catalog-summary" role="status">
      <p className="set-summary">
        {t('summary', { count: answer.count, uploads: answer.uploads })}
        {' · '}
        {answer.total !== null && answer.perRender !== null
          ? t('total', {
              total: formatCredits(answer.total),
              each: formatCredits(answer.perRender),
            })
          : t('noTotal', { why: answer.unavailable ?? t('noTotalWhy') })}
      </p>
      {skipped > 0 && <p className="hint">{t('skipped', { count: skipped })}</p>}
      {answer.budget.over.length > 0 && (
        <p className="form-error">
          {t('overCaps', { reasons: answer.budget.over.map(budgetReasonText).join(' ') })}
        </p>
      )}
      {answer.budget.unchecked.length > 0 && (
        <p className="form-error">
          {t('unchecked', {
            reasons: answer.budget.unchecked.map(budgetReasonText).join(' '),
          })}
        </p>
      )}
    </div>
  );
}
