import { z } from 'zod';
import type { JobState } from './job-state';

/**
 * Words the core authors that reach a person in the app: a render's warning (polls failing,
 * WeShop busy), its error (needs attention, canceled, WeShop's refusals as the client maps
 * them) and errors returned over IPC. Each has a stable id and its English words as a template.
 * The core keeps writing the English (`coreText`) where it always did, for the CLI, the logs
 * and older versions, and saves the id and values beside it (`MessageRef`), so the app can say
 * it in the chosen language (renderer/i18n/core-messages.ts). Text WeShop itself sent stays in
 * its own words: it is only ever a value here (`server`), never translated.
 */
export const CORE_MESSAGES = {
  // A render still going by itself (RenderManifest.warning)
  pollsFailing:
    'Could not check the run {{times}} times in a row (last: {{last}}). Still trying, less often; the run is safe on WeShop.',
  uploadBusy: 'WeShop is busy ({{reason}}); uploading again in {{seconds}} s.',
  startBusy:
    'WeShop is busy ({{reason}}); sending the start again in {{seconds}} s (attempt {{attempt}} of {{attempts}}). No credits were used.',
  // A render that stopped (RenderManifest.error)
  checkFailed:
    'Could not check the run: {{reason}}. The run id is saved; Retry checks it again without starting a new run.',
  needsAttention:
    'The start request may have reached WeShop but no run id came back. Starting again could charge twice, so Kling Studio will not start it again on its own. Retry only if you are sure no run started (the retry reuses the same Idempotency-Key, which lets WeShop spot a duplicate).',
  needsAttentionLookFor:
    'The start request may have reached WeShop but no run id came back. Look for "{{taskName}}" in your WeShop history: if it is there, the run started and is paid for. Starting again could charge twice, so Kling Studio will not start it again on its own. Retry only if you are sure no run started (the retry reuses the same Idempotency-Key, which lets WeShop spot a duplicate).',
  whatHappened: '{{message}} (What happened: {{cause}})',
  canceledBeforeStart: 'Canceled before it started: no credits were used.',
  stoppedWaitingAfterStartSent:
    'Stopped waiting while the start request was on its way. WeShop has no cancel, so a run may have started and used credits. If it did, its id arrives here and "Check again" collects its videos.',
  stoppedWaitingOnRun:
    'Stopped waiting: the run is on WeShop and its credits are spent (WeShop has no cancel). "Check again" collects its videos whenever you like.',
  canceledStartRefused: 'Canceled: WeShop refused the start ({{reason}}), so no credits were used.',
  // The run's end and its videos (electron/engine/steps/download.ts, downloader.ts)
  weshopCanceledRun: 'WeShop canceled the run',
  finishedNoVideos: 'The run finished but WeShop returned no videos',
  generationFailed: 'Generation failed: {{server}}',
  generationFailedNoReason: 'generation failed',
  partialDelivered:
    'WeShop delivered {{delivered}} of {{total}} videos. The delivered ones are in the library; "Render the missing {{missing}}" renders just the rest.',
  partialDeliveredSaid:
    'WeShop delivered {{delivered}} of {{total}} videos: {{server}}. The delivered ones are in the library; "Render the missing {{missing}}" renders just the rest.',
  downloadsFailed:
    '{{videos}}. The run is safe on WeShop; Retry downloads again without a new charge.',
  videoFailed: 'video {{number}}: {{reason}}',
  /** Two items of a list said one after the other ("a; b"). */
  nextInList: '{{first}}; {{next}}',
  /** A request check's words on the field it is about (an IPC payload refused). */
  fieldIssue: '{{field}}: {{issue}}',
  couldNotDownload: 'Could not download {{url}}: {{reason}}',
  couldNotDownloadAfter: 'Could not download {{url}} after {{attempts}} attempts: {{reason}}',
  fileNotThere:
    'the server says the file is not there (HTTP {{status}}); the link may have expired',
  serverAnswered: 'the server answered HTTP {{status}}',
  connectionFailed: 'the connection failed',
  connectionBroke: 'the connection broke off mid-download',
  receivedPart: 'received {{size}} of {{total}} bytes',
  otherPartSent: 'the server sent a different part of the file than asked; starting over',
  partialMismatch: 'the partial download no longer matches the file; starting over',
  partialTooLarge: 'the partial download is larger than the file; starting over',
  linkNotHttp: 'the video link is not an http(s) address',
  tooManyRedirects: 'more than {{max}} redirects',
  // A picture's upload stopped, the engine closed (electron/engine/image-uploads.ts, engine.ts)
  uploadCanceled: 'The image upload was canceled',
  engineClosed: 'The render engine has been closed',
  // A render's video asked for by number (Continue, a reference video from the library)
  noDownloadedVideo: 'Render {{id}} has no downloaded video {{number}}',
  noVideoToContinue: 'Render {{id}} has no downloaded video to continue from (it is {{state}})',
  noVideo: 'Render {{id}} has no video {{number}}',
  noVideoNumber: 'Render {{id}} has no video {{number}} (it has {{count}})',
  noVideoNumberState: 'Render {{id}} has no video {{number}} (it is {{state}})',
  // A library video's link checked for the reference-video picker (electron/weshop/video-probe.ts)
  videoLinkExpired:
    "This video's WeShop link has expired ({{why}}): WeShop keeps videos for a limited time; paste another https URL",
  signedLinkRanOut: 'its signed link ran out on {{at}}',
  hostAnswered: '{{host}} answered HTTP {{status}}',
  videoNoWebLink:
    'This video has no web link to check ({{url}}): WeShop keeps videos for a limited time; paste another https URL',
  videoUnreachable:
    'Could not reach {{host}} to check this video ({{why}}): check your connection and try again, or paste another https URL',
  noAnswerWithin: 'no answer within {{seconds}} s',
  videoLinkAnswers: "This video's WeShop link still answers",
  videoNotHandedOut:
    '{{host}} did not hand out this video (HTTP {{status}}): try again in a moment, or paste another https URL',
  videoNoFetchableLink:
    "Render {{id}}'s video {{number}} has no link WeShop can fetch ({{url}}): paste another https URL",
  // A disk or permission problem (electron/library/disk-errors.ts); {{nextStep}} is what to do once it is fixed
  diskFull: 'The disk holding {{folder}} is full: free space there, {{nextStep}}.',
  diskQuota:
    'Your disk quota for {{folder}} is used up: free space there (or ask for a larger quota), {{nextStep}}.',
  diskNotAllowed:
    'Kling Studio is not allowed to write {{path}} ({{code}}): make {{folder}} writable for your user (or close the program holding the file), {{nextStep}}.',
  diskReadOnly:
    '{{folder}} is on a read-only disk: make it writable, or point KLING_STUDIO_HOME at a writable folder, {{nextStep}}.',
  diskFolderInWay:
    '{{path}} is a folder where Kling Studio keeps a file: move that folder out of the way, {{nextStep}}.',
  diskFileInWay:
    '{{blocker}} is a file where Kling Studio needs a folder (to write {{path}}): move that file out of the way, {{nextStep}}.',
  thenResume: 'then run `kling-studio resume`',
  thenRetry: 'then try again',
  thenDeleteAgain: 'then delete it again',
  // A local picture's checks before any upload (electron/images/inspect.ts)
  imageNotFound: 'Image not found: {{path}}',
  imagePermission: 'Cannot read the image (permission denied): {{path}}',
  imageUnreadable: 'Cannot read the image {{path}}: {{code}}',
  imageIsFolder: 'This is a folder, not an image file: {{path}}',
  imageNotFile: 'This is not a regular file: {{path}}',
  imageEmpty: 'The image file is empty (0 bytes): {{path}}',
  imageFormatUnsupported: '{{format}} images are not supported; use PNG, JPEG or WebP: {{path}}',
  imageNotImage: 'Not an image Kling can use (the content is not PNG, JPEG or WebP): {{path}}',
  imageDamaged:
    '{{path}}: the picture is damaged or incomplete ({{why}}). Open it in an image viewer, save it again, and try once more.',
  // Why it is damaged ({{why}} above; electron/images/structure.ts finds it)
  damageCut: 'it ends before its last block',
  damageChecksum: 'a block does not match its checksum',
  damageNoPicture: 'it has no picture data',
  damageHeaderNotFirst: 'it does not start with its picture header',
  damageMalformed: 'a block in it is malformed',
  damageSizeMismatch: 'the size in its header does not match the file',
  damageNoSize: 'its header has no readable size',
  imageTooLarge: 'The image is {{size}}; Kling accepts at most {{max}}: {{path}}',
  imageChanging:
    'The image changed while it was being read (is it still being copied or saved?); wait until it is complete, then try again: {{path}}',
  imageTooSmall:
    'The image is {{width}}×{{height}} px; Kling needs at least {{min}} px on each side',
  imageTooWide:
    'The image is {{width}}×{{height}} px; Kling takes aspect ratios between 1:2.5 and 2.5:1 (too wide)',
  imageTooTall:
    'The image is {{width}}×{{height}} px; Kling takes aspect ratios between 1:2.5 and 2.5:1 (too tall)',
  imageTooManyPixels:
    'The image is {{width}}×{{height}} px ({{pixels}}); Kling Studio takes at most {{max}}. Save a smaller copy and use that: {{path}}',
  imageTooLargePreview: 'The image is too large to preview ({{size}}): {{path}}',
  // "I found the run…" (electron/engine/attach.ts)
  attachNoSuchRun:
    'WeShop has no run {{runId}} (it answered "not found"). Check the id in your WeShop history (look for the run named after this render); {{id}} is unchanged.',
  attachCheckFailed:
    'Could not check run {{runId}} on WeShop, so nothing was attached ({{id}} is unchanged): {{reason}}',
  attachAlreadyHasRun: 'Render {{id}} already has its run ({{runId}}); nothing to attach',
  attachNeverStarted:
    'Render {{id}} never sent its start to WeShop, so there is no run to attach (it is {{state}})',
  attachOnlyNeedsAttention:
    'Only a render that needs attention can have a run attached; {{id}} is {{state}}',
  attachRunTaken:
    'Run {{runId}} already belongs to render {{holder}}; find the run named after {{id}} in your WeShop history.',
  attachMismatch:
    'Run {{runId}} does not match render {{id}}: {{differs}}. Nothing was changed; check that you copied the run named after this render.',
  mismatchAgent: 'it is a {{reported}} run, not a {{agent}} one',
  mismatchModel: "its model is {{reported}}, this render's is {{model}}",
  mismatchVideos: 'it makes {{reported}}, this render asked for {{asked}}',
  // Retry, cancel, render the missing videos, delete (electron/engine/operations/*, library)
  drivenElsewhere:
    'This render is being driven by another Kling Studio process ({{owner}}); {{whatToDo}}',
  drivenRetry: 'retry it there, or wait for it to finish.',
  drivenCancel: 'cancel it there, or wait for it to finish.',
  drivenAskAgain: 'ask again once it has finished.',
  drivenAttach: 'attach the run there, or wait for it to finish.',
  drivenStop: 'stop it there first, or wait for it to finish.',
  // Delete (electron/library/remove-render.ts)
  deleteFinishingHere:
    'This render is still finishing in this Kling Studio process (a request to WeShop has not answered yet); wait a moment, then delete it.',
  deleteStillHere:
    'This render is still {{state}} in this Kling Studio process; cancel it first (Stop waiting, once WeShop may have started it), or wait for it to finish.',
  deleteStartInFlight:
    "This render's start request was sent to WeShop ({{at}}) and its run id was never saved: the process that sent it stopped. Deleting it now could lose a paid run; run `kling-studio resume` (or open the app) so it is checked first, then delete it.",
  deleteMayBeCharging:
    "WeShop may still be making (and charging for) this render's run ({{detail}}). If you delete the render, its videos will not be collected. {{collect}}To delete it anyway, confirm: `kling-studio delete {{id}} --yes` (in the app: Delete anyway).",
  runNotFinished: 'run {{runId}} had not finished when it was last checked',
  startMayHaveReached: 'its start may have reached WeShop without the run id coming back',
  collectByRetry:
    'To collect its videos instead: `kling-studio retry {{id}}` (Check again or Retry in the app; no new charge). ',
  collectByResume: 'To collect its videos instead: `kling-studio resume`. ',
  // Queue steering (electron/engine/queue-control.ts)
  notWaitingHere:
    'That render is not waiting here any more: it has started (it can no longer move), or another Kling Studio process drives it (move it there).',
  notRetryable:
    'Only failed, canceled or needs-attention renders can be retried; this one is {{state}}',
  retryMayChargeTwice:
    "This render's start may have reached WeShop without its run id coming back, so starting it again may charge twice. Confirm to retry anyway (the same Idempotency-Key is sent, which lets WeShop spot a duplicate).",
  missingNotPartial: 'Only a partial render has missing videos to render; this one is {{state}}',
  missingSettleFirst:
    'The missing {{videos}} of {{source}} were started as render {{render}}, which is {{state}} and may have a run on WeShop that is already paid for. Nothing new was started: open {{render}} and check its run again (or retry it) first.',
  oneVideo: '{{count}} video',
  manyVideos: '{{count}} videos',
  // A render's state named inside a message ({{state}})
  stateQueued: 'queued',
  stateUploading: 'uploading',
  stateStarting: 'starting',
  stateRunning: 'running',
  stateDownloading: 'downloading',
  stateDone: 'done',
  stateFailed: 'failed',
  stateCanceled: 'canceled',
  stateNeedsAttention: 'needs-attention',
  statePartial: 'partial',
  // Storyboard: its joined MP4 (electron/storyboard/join-*.ts)
  storyboardNotFound: 'No storyboard with id {{id}} in this library (see `kling-studio list`)',
  transitionsNotDone:
    'Not every transition is done: {{problems}}. The joined MP4 is made once all {{count}} are',
  transitionGone: "transition {{number}}'s render {{render}} is gone",
  transitionState: 'transition {{number}} is {{state}}',
  transitionRerender: 'transition {{number}} is {{state}} (re-render it)',
  /** Two items of a list said one after the other ("a, b"). */
  nextInCommaList: '{{first}}, {{next}}',
  joinNeedsFfmpeg:
    'Joining needs ffmpeg: install it (Debian/Ubuntu: apt install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg) or set KLING_FFMPEG to its path, or export the clips one by one',
  joinNeedsFfprobe:
    'Joining needs ffprobe (it comes with ffmpeg) and none was found beside {{ffmpeg}} or on the PATH: reinstall ffmpeg, or export the clips one by one',
  ffprobeFailed: 'ffprobe could not read {{file}}: {{reason}}',
  joinNoClips: 'There are no clips to join',
  ffmpegNotExecutable: 'KLING_FFMPEG is set but is not an executable file: {{path}}',
  joinNeedsReencode:
    'The clips cannot be joined without re-encoding: {{mismatch}}. Export the clips one by one',
  clipNoVideoStream: 'clip {{number}} has no video stream',
  clipVideoDiffers: 'clip {{number}} is {{video}} while clip 1 is {{first}}',
  clipAudioDiffers: 'clip {{number}} has {{audio}} while clip 1 has {{first}}',
  clipNoVideo: 'no video',
  clipNoAudio: 'no audio',
  joinedAgain: 'Joined MP4 of the {{count}} transitions: {{file}}',
  joinedReencoded: 'Joined {{count}} clips into {{file}}, re-encoded because {{mismatch}}',
  joinedAsTheyAre: 'Joined {{count}} clips into {{file}} without re-encoding',
  joinFailed: 'ffmpeg could not join the clips: {{reason}}',
  noFreeName: 'No free file name for {{name}}.mp4 in {{folder}}',
  // Re-render one transition (electron/storyboard/rerender.ts)
  transitionOutOfRange: 'Storyboard {{id}} has transitions 1 to {{count}}, not {{number}}',
  transitionRenderingHere:
    'Transition {{number}} is still rendering here: wait for it, or cancel it in the Queue first',
  transitionRenderedElsewhere:
    'Transition {{number}} is being rendered or re-rendered by {{owner}}: nothing new was queued; wait for it there',
  transitionRerenderedAlready:
    'Transition {{number}} was re-rendered already (render {{render}}): nothing new was queued',
  transitionStill:
    'Transition {{number}} is still {{state}}: wait for it, or cancel it in the Queue first',
  transitionStartUnknown:
    'Transition {{number}}\'s start may have reached WeShop (its run id was never saved): settle it in the Queue first (Retry or "I found the run"), so it is not paid twice',
  // Save video, Export (a render, a sequence) (electron/app/export-handlers.ts, library/export.ts)
  videoNotDownloaded: 'Video {{number}} of this render is not downloaded',
  videoNotDownloadedToSave:
    'Video {{number}} of this render is not downloaded, so there is nothing to save',
  nothingToExport: 'This render has no downloaded videos to export',
  exportNoFolder: 'Could not make a new folder for the export in {{parent}}',
  sequenceNothingToExport: 'The sequence has no downloaded clips to export',
  sequenceNotDownloaded: '{{missing}} of the {{total}} clips are not downloaded yet',
  exportFolderNotEmpty: 'Choose an empty folder to export into ({{folder}} has {{count}} files)',
  exportFolderNotEmptyOne: 'Choose an empty folder to export into ({{folder}} has {{count}} file)',
  settingsNotAdded: 'Could not add the settings to {{source}}: {{reason}}',
  notReadableVideo: '{{name}} is not a video Kling Studio can read ({{reason}})',
  needsDesktopSave: 'Saving a video needs the desktop app',
  needsDesktopExport: 'Exporting a render needs the desktop app',
  needsDesktopSequence: 'Exporting a sequence needs the desktop app',
  // What only the desktop app does (electron/app/ipc-handlers.ts)
  imagePathNotPlain: 'Image paths must be absolute, without "..": {{path}}',
  savingNotAvailable: 'Saving files is not available here',
  cliFromDesktopOnly: 'The command-line tool is installed from the desktop app (this is not it).',
  onlyInstalledUpdates: 'Only the installed desktop app updates itself.',
  needsDesktopCopy: 'Copying needs the desktop app',
  droppedPathNotPlain: 'A dropped file must be an absolute path without "..": {{path}}',
  endFramePathNotPlain: 'End frame: the path must be absolute, without "..": {{path}}',
  // Presets (electron/presets/preset-store.ts)
  presetNotFound: 'No preset named "{{name}}"',
  presetNotFoundKnown: 'No preset named "{{name}}" (saved presets: {{known}})',
  presetNotFoundNone: 'No preset named "{{name}}" (no presets are saved yet)',
  // The API key and the system keychain (electron/secrets/*)
  keyLength: 'An API key is {{min}} to {{max}} characters; this one has {{length}}',
  keySpaces: 'An API key has no spaces or line breaks inside it',
  keychainSlow:
    'The system keychain did not answer within {{limit}}: unlock it (or allow Kling Studio to use it) and try again, or set WESHOP_API_KEY',
  keychainUnavailable: 'The system keychain is not available: {{reason}}',
  // Any render asked for by id (library, engine, IPC and CLI)
  renderNotFound: 'No render with id {{id}}',
  renderNotFoundHint: 'No render with id {{id}} ({{hint}})',
  // Why this copy does not update itself, and its update's failures (Settings → Updates)
  updateCheckFailed: 'Could not check the update: {{reason}}',
  updateDownloadFailed: 'Could not download the update: {{reason}}',
  updateInstallFailed: 'Could not install the update: {{reason}}',
  updateStillDownloading:
    'Kling Studio {{version}} is still downloading ({{percent}}%); it can be installed once it is ready.',
  updateNotDownloaded: 'No update is downloaded: use "Check for updates" first.',
  updatedBySystem: 'This copy is updated by your system (or was not started from its installer).',
  developmentBuild: 'Development builds do not update themselves.',
  // WeShop's answers as the client reads them (electron/weshop/error-mapping.ts, http.ts)
  keyInvalid: 'The WeShop API key is invalid. Check it in Settings (open.weshop.ai → API key).',
  keyDisabled: 'The WeShop API key is disabled. Enable it or create a new one at open.weshop.ai.',
  keyExpired: 'The WeShop API key has expired. Create a new one at open.weshop.ai.',
  keyRefused: 'WeShop refused the API key (HTTP {{status}}). Check it in Settings.',
  tooManyRuns:
    'WeShop says there are too many simultaneous runs for your plan; wait for one to finish',
  notEnoughCredits: 'Not enough WeShop credits (power) for this',
  rateLimited: 'WeShop is rate-limiting requests',
  rateLimitedWait: 'WeShop is rate-limiting requests (asked to wait {{seconds}} s)',
  serverError: 'WeShop had a server error while {{action}} (HTTP {{status}})',
  endFrameRefused:
    'WeShop refused the end frame while {{action}}: it does not take a last frame for this model now (WeShop said: "{{server}}"). Nothing was started and no credits were used. Remove the end frame or choose another model, then render again (Edit & retry in the app, without --end-frame in the CLI).',
  weshopNotFound: 'WeShop found nothing while {{action}} (HTTP 404)',
  weshopRejected: 'WeShop rejected the request while {{action}} (HTTP {{status}})',
  unreachable: 'Could not reach WeShop ({{host}}) while {{action}}',
  unreachableCode: 'Could not reach WeShop ({{host}}) while {{action}}: {{code}}',
  noAnswer: 'WeShop did not answer within {{limit}} while {{action}}',
  notJson: 'WeShop sent a response that is not JSON while {{action}} (HTTP {{status}})',
  maybeStarted:
    '{{message}}. It may have reached WeShop, so the run may have started: check before starting it again.',
  /** WeShop's own words after ours: `{{message}}: {{server}}`. */
  weshopSaid: '{{message}}: {{server}}',
  // What the client was doing, named inside the messages above ({{action}})
  doingUpload: 'uploading the image',
  doingStart: 'starting the run',
  doingCheck: 'checking the run',
  doingEstimate: 'estimating the cost',
  doingKeyCheck: 'checking the key',
} as const;

export type CoreMessageId = keyof typeof CORE_MESSAGES;
export const CORE_MESSAGE_IDS = Object.keys(CORE_MESSAGES) as CoreMessageId[];

export const isCoreMessageId = (value: unknown): value is CoreMessageId =>
  typeof value === 'string' && Object.hasOwn(CORE_MESSAGES, value);

/**
 * A value inside a message: a number, a string said as it is (a host, a file name, WeShop's
 * words), or a message of its own with its English (`text`), e.g. the error a warning quotes.
 */
export const MessageParam = z.union([
  z.string(),
  z.number(),
  z.object({
    text: z.string(),
    get ref() {
      return MessageRef.optional();
    },
  }),
]);
export type MessageParam = z.infer<typeof MessageParam>;

/**
 * Which message an English text is, and its values. The id is any string, not the enum: a
 * manifest written by a newer version stays readable, and an unknown id is said in English.
 */
export const MessageRef = z.object({
  id: z.string().max(100),
  get params(): z.ZodOptional<z.ZodRecord<z.ZodString, typeof MessageParam>> {
    return z.record(z.string(), MessageParam).optional();
  },
});
export type MessageRef = z.infer<typeof MessageRef>;
export type MessageParams = NonNullable<MessageRef['params']>;

/** A message's English and its ref: what the core writes beside each other. */
export interface Said {
  text: string;
  ref: MessageRef;
}

/** `{{name}}` in `template` filled with `words(params.name)` (a missing one stays visible). */
export function fillMessage(
  template: string,
  params: MessageParams | undefined,
  words: (value: MessageParam) => string,
): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = params?.[name];
    return value === undefined ? whole : words(value);
  });
}

const englishParam = (value: MessageParam): string =>
  typeof value === 'object' ? value.text : String(value);

/** The message in English (what the CLI prints and the logs keep), with its ref beside it. */
export function coreSaid(id: CoreMessageId, params?: MessageParams): Said {
  const text = fillMessage(CORE_MESSAGES[id], params, englishParam);
  return { text, ref: params ? { id, params } : { id } };
}

/** A said message as a value inside another one (its English travels with it). */
export const saidParam = (said: Said): MessageParam => ({ text: said.text, ref: said.ref });

/** The English phrases the WeShop client names what it was doing with, and their ids. */
const ACTIONS: Readonly<Record<string, CoreMessageId>> = {
  [CORE_MESSAGES.doingUpload]: 'doingUpload',
  [CORE_MESSAGES.doingStart]: 'doingStart',
  [CORE_MESSAGES.doingCheck]: 'doingCheck',
  [CORE_MESSAGES.doingEstimate]: 'doingEstimate',
  [CORE_MESSAGES.doingKeyCheck]: 'doingKeyCheck',
};

const STATES: Readonly<Record<JobState, CoreMessageId>> = {
  queued: 'stateQueued',
  uploading: 'stateUploading',
  starting: 'stateStarting',
  running: 'stateRunning',
  downloading: 'stateDownloading',
  done: 'stateDone',
  failed: 'stateFailed',
  canceled: 'stateCanceled',
  'needs-attention': 'stateNeedsAttention',
  partial: 'statePartial',
};

/** A render's state as a value: its English word (as the CLI always said it) and its id. */
export const stateParam = (state: JobState): MessageParam => ({
  text: state,
  ref: { id: STATES[state] },
});

/** "1 video" / "3 videos" as a value. */
export const videosParam = (count: number): MessageParam =>
  saidParam(coreSaid(count === 1 ? 'oneVideo' : 'manyVideos', { count }));

/** Messages said one after the other ("a; b; c"), as one value; undefined for none. */
export function listParam(items: readonly Said[]): MessageParam | undefined {
  if (items.length === 0) return undefined;
  const said = items.reduce((first, next) =>
    coreSaid('nextInList', { first: saidParam(first), next: saidParam(next) }),
  );
  return saidParam(said);
}

/** "starting the run" as a value: with its id when it is one of ours, else as it is. */
export function actionParam(action: string): MessageParam {
  const id = ACTIONS[action];
  return id ? { text: action, ref: { id } } : action;
}
