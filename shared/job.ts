import { z } from 'zod';
import { MessageRef } from './core-messages';
import { AppError } from './errors';
import { JobState } from './job-state';
import { AgentName } from './models';
import { RenderRequest } from './render-request';
import { SetId } from './variations';

export { JobState } from './job-state';

export const TERMINAL_JOB_STATES: readonly JobState[] = [
  'done',
  'failed',
  'canceled',
  'needs-attention',
  'partial',
];
export const isTerminal = (state: JobState) => TERMINAL_JOB_STATES.includes(state);

/** States a user can Retry (partial is not one: its action renders just the missing videos). */
export const RETRYABLE_JOB_STATES: readonly JobState[] = ['failed', 'canceled', 'needs-attention'];
export const isRetryable = (state: JobState) => RETRYABLE_JOB_STATES.includes(state);

type StartFacts = Pick<RenderManifest, 'startSentAt' | 'executionId'>;
/** Once the start may have reached WeShop, credits may be spent: Cancel becomes "Stop waiting". */
export const startMayHaveReachedWeShop = (m: StartFacts) => Boolean(m.startSentAt || m.executionId);
/**
 * A start was sent and its run id never saved: starting again could charge twice. True on
 * every path (runner, retry, resume), whatever state an older version left the job in.
 */
export const startOutcomeUnknown = (m: StartFacts) => Boolean(m.startSentAt && !m.executionId);
/**
 * What an older version left as plain 'failed' although its start outcome is unknown: it is
 * needs-attention (docs/decisions/0001-start-sent-at-and-needs-attention.md).
 */
export const isFailedWithUnknownStart = (m: StartFacts & Pick<RenderManifest, 'state'>) =>
  m.state === 'failed' && startOutcomeUnknown(m);
/** WeShop's run states after which a run changes no more (and charges no more). */
const FINAL_REMOTE_STATES: readonly RemoteState[] = ['Success', 'Failed', 'Canceled'];
/**
 * WeShop may still be making (and charging for) this render's run: a start may have reached it
 * and the run is not known to be final. done and partial are final; failed and canceled only
 * with a run id whose last known state is final (a job stopped while the run went on, or a
 * needs-attention start, is not). Deleting such a render asks first (library remove's
 * confirmPaidRun, the app's Delete dialog, `kling-studio delete --yes`): its videos would
 * never be collected.
 */
export const runMayStillBeCharging = (
  m: StartFacts & Pick<RenderManifest, 'state' | 'remoteState'>,
): boolean => {
  if (!startMayHaveReachedWeShop(m) || m.state === 'done' || m.state === 'partial') return false;
  return !(m.executionId && m.remoteState && FINAL_REMOTE_STATES.includes(m.remoteState));
};
/**
 * A start is on its way to WeShop right now: sent, no run id yet, and the job has not ended
 * (its answer may still come and be saved). Nothing may delete the render meanwhile.
 */
export const startMayBeInFlight = (m: StartFacts & Pick<RenderManifest, 'state'>): boolean =>
  startOutcomeUnknown(m) && !isTerminal(m.state);
/** How many videos a partial render still lacks (what "Render the missing ones" asks for). */
export const missingVideoCount = (m: Pick<RenderManifest, 'request' | 'videos'>) =>
  Math.max(0, m.request.batchCount - m.videos.length);

export const RemoteState = z.enum([
  'Pending',
  'Segmenting',
  'Running',
  'Success',
  'Failed',
  'Canceled',
]);
export type RemoteState = z.infer<typeof RemoteState>;

export const StateChange = z.object({
  state: JobState,
  at: z.iso.datetime(),
  remoteState: RemoteState.optional(),
  message: z.string().optional(),
});
export type StateChange = z.infer<typeof StateChange>;

/** One video of a render: where WeShop has it, and where we keep it. */
export const VideoEntry = z.object({
  index: z.number().int().min(0),
  url: z.string(),
  posterUrl: z.string().optional(),
  /** File name inside the render's folder once fully downloaded and verified. */
  file: z.string().optional(),
  bytes: z.number().int().min(0).optional(),
  posterFile: z.string().optional(),
  /** WeShop's `lastFrame` image of this video (newer results only), and our copy of it. */
  lastFrameUrl: z.string().optional(),
  lastFrameFile: z.string().optional(),
  /**
   * Frames per second of the downloaded file, read from its MP4 boxes (mdhd + stts,
   * electron/library/mp4-timing.ts): the detail view steps one real frame. Absent before the
   * download, for files it could not read, and for videos downloaded by older versions.
   */
  frameRate: z.number().positive().max(1000).optional(),
});
export type VideoEntry = z.infer<typeof VideoEntry>;

export const MANIFEST_SCHEMA_VERSION = 1;

/**
 * An input picture's copy in the render folder: 'pending' from creation until it is made
 * (after the start has left; whoever drives the job next makes it: the runner, a cancel, or
 * resume after a crash), 'missing' when the original could not be read by then. Absent once
 * copied, and for https pictures.
 */
export const PictureCopyState = z.enum(['pending', 'missing']);
export type PictureCopyState = z.infer<typeof PictureCopyState>;

/** One reference image 2–4's copy: its file name once copied, else what is owed or missing. */
export const PictureCopy = z.object({
  file: z.string().optional(),
  copy: PictureCopyState.optional(),
});
export type PictureCopy = z.infer<typeof PictureCopy>;

/** render.json: everything about one render, written atomically after every step. */
export const RenderManifest = z.object({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  id: z.string().regex(/^[a-z0-9-]{6,64}$/),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  request: RenderRequest,
  /** Sent as Idempotency-Key on every start attempt of this job. */
  idempotencyKey: z.uuid(),
  /** Where picture 1 lives on WeShop (reused on retry; older renders have only this one). */
  uploadedImageUrl: z.string().optional(),
  /** Every picture's URL on WeShop, in requestImages order (reused on retry). */
  uploadedImageUrls: z.array(z.string()).optional(),
  /** Set just before the start request is sent; with no executionId on resume → needs-attention. */
  startSentAt: z.iso.datetime().optional(),
  /**
   * The label the start sent as `input.taskName` (shared/task-name.ts), saved with startSentAt:
   * WeShop's history lists the run under it, which is how a user finds a run whose id never
   * came back. Absent when no start was sent with one (an older version's).
   */
  taskName: z.string().optional(),
  executionId: z.string().optional(),
  /**
   * When polling saw the run reach Success, in ms after startSentAt: a poll sent at
   * notFinalAtMs found it still going, one answered by finalByMs found it done, so the
   * finish lies between. Only recorded when both polls happened in one process; polling
   * learns each model's run time from these (electron/engine/finish-predictor.ts).
   */
  finishSeen: z
    .object({ notFinalAtMs: z.number().min(0), finalByMs: z.number().min(0) })
    .optional(),
  state: JobState,
  remoteState: RemoteState.optional(),
  history: z.array(StateChange),
  /** The server's own words (failure reason), shown as-is (secrets redacted before saving). */
  serverMessage: z.string().optional(),
  /** A problem seen while the job goes on by itself (e.g. several polls in a row failed). */
  warning: z.string().optional(),
  /**
   * Which of our messages the warning is, with its values (shared/core-messages.ts): the app
   * says it in the chosen language; older manifests have the English alone.
   */
  warningRef: MessageRef.optional(),
  error: AppError.optional(),
  credits: z
    .object({ powerConsumption: z.number().optional(), powerBalanceAmount: z.number().optional() })
    .optional(),
  videos: z.array(VideoEntry),
  /**
   * A copy of the local source image in the render folder. It is made once the start request
   * has left (the Queue → start path waits for no 5 MB copy), from request.image.
   */
  sourceImageFile: z.string().optional(),
  /**
   * The copy's bookkeeping: 'pending' from creation until it is made (whoever drives the job
   * next makes it: the runner after the start, a cancel, or resume after a crash); 'missing'
   * when the original could not be read by then (moved or deleted): the render is kept, without
   * its picture. Absent once copied, and for https images.
   */
  sourceImageCopy: PictureCopyState.optional(),
  /** The end frame's copy in the render folder (request.endFrame), kept like the source image. */
  endFrameFile: z.string().optional(),
  endFrameCopy: PictureCopyState.optional(),
  /**
   * Reference images 2–4 (request.moreImages), one entry per picture in the same order: its copy
   * once made, else 'pending' or 'missing' (an https picture's entry is empty). Picture 1 (image
   * 1, the first frame or the character) is the source image above.
   */
  moreImageCopies: z.array(PictureCopy).optional(),
  /** A first-frame thumbnail file in the render folder, made locally. */
  thumbnailFile: z.string().optional(),
  favourite: z.boolean(),
  /** The set of variations this render was queued in (one action, one image, one upload). */
  setId: SetId.optional(),
  /** Made by "Continue": its image is the last frame of that render's video. */
  continuedFrom: z
    .object({ id: z.string().regex(/^[a-z0-9-]{6,64}$/), videoIndex: z.number().int().min(0) })
    .optional(),
  /**
   * A partial render: the render that renders its missing videos ("Render the missing N").
   * Saved while this render's claim is held, before that render is queued, so a second ask
   * (a double click, another process) joins it instead of paying again; replaced only when
   * that render ended without a run that may be paid (shared/rerun-cost.ts missingVideosStatus).
   */
  missingRenderedBy: z
    .string()
    .regex(/^[a-z0-9-]{6,64}$/)
    .optional(),
  /**
   * The partial render whose missing videos this render makes. Written when it is created, so
   * a render made just before its partial render recorded it (missingRenderedBy) and a crash
   * in between is recognised by resume and never started (a second ask would pay again).
   */
  missingOf: z
    .string()
    .regex(/^[a-z0-9-]{6,64}$/)
    .optional(),
});
export type RenderManifest = z.infer<typeof RenderManifest>;

/**
 * What a render cost (null: unknown); the library sorts and filters by it. Here beside the
 * manifest, not in credits.ts, so the library's index (and `list`) does not load the budget rules.
 */
export const creditsOf = (manifest: Pick<RenderManifest, 'credits'>): number | null =>
  manifest.credits?.powerConsumption ?? null;

/**
 * A copy of an input picture is still owed (source image, end frame or a reference image):
 * the job's driver makes it once the start has left, resume after a crash in between.
 */
export const pictureCopiesOwed = (
  m: Pick<RenderManifest, 'sourceImageCopy' | 'endFrameCopy' | 'moreImageCopies'>,
): boolean =>
  m.sourceImageCopy === 'pending' ||
  m.endFrameCopy === 'pending' ||
  (m.moreImageCopies ?? []).some((picture) => picture.copy === 'pending');

/** What lists and the renderer get: the manifest plus URLs the core computed for media. */
export const RenderView = RenderManifest.extend({
  /** Media URLs (app://kling-studio/media/… in Electron, loopback http in tests), one per downloaded video. */
  videoUrls: z.array(z.string().nullable()),
  thumbnailUrl: z.string().nullable(),
  /** The source image's copy in the render folder (null for https images and older renders). */
  sourceImageUrl: z.string().nullable(),
  /** The end frame's copy (absent when the render has none, or it was not kept). */
  endFrameUrl: z.string().optional(),
  /** Reference images 2–4's copies, in request.moreImages order (null: not kept). */
  moreImageUrls: z.array(z.string().nullable()).optional(),
  folder: z.string(),
});
export type RenderView = z.infer<typeof RenderView>;

/** cost-high / cost-low: by credits spent (renders without a known cost last either way). */
/** model: by agent, then model, in the catalogue's order (ModelName), newest first within. */
export const LibrarySort = z.enum(['newest', 'oldest', 'prompt', 'cost-high', 'cost-low', 'model']);
export const LibraryQuery = z.strictObject({
  text: z.string().max(500).optional(),
  /** Only renders of this agent (shared/models.ts AGENT_CATALOGUE). */
  agent: AgentName.optional(),
  model: z.string().max(64).optional(),
  state: JobState.optional(),
  /** Any of these states (e.g. the unfinished ones the Queue follows); with `state`, both apply. */
  states: z.array(JobState).min(1).max(JobState.options.length).optional(),
  /** Only the renders of one set of variations (a set view asks for its renders, not the library). */
  setId: SetId.optional(),
  /** Only renders queued in a set (the Library's sets strip pages through these). */
  inSet: z.boolean().optional(),
  /** Left out of the answer and its total: renders whose delete waits out its Undo in the app. */
  excludeIds: z
    .array(z.string().regex(/^[a-z0-9-]{6,64}$/))
    .max(200)
    .optional(),
  favouritesOnly: z.boolean().optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  /** Cost filter in credits (inclusive); a render whose cost is unknown never matches one. */
  minCredits: z.number().min(0).optional(),
  maxCredits: z.number().min(0).optional(),
  sort: LibrarySort.default('newest'),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(20000).default(20000),
});
export type LibraryQuery = z.infer<typeof LibraryQuery>;
export type LibraryQueryInput = z.input<typeof LibraryQuery>;

/** Byte progress of one video's download (events, not persisted). */
export const DownloadProgress = z.object({
  id: z.string(),
  videoIndex: z.number().int(),
  receivedBytes: z.number().int(),
  totalBytes: z.number().int().nullable(),
});
export type DownloadProgress = z.infer<typeof DownloadProgress>;
