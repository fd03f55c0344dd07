import { formatCredits } from '../../format';
import { i18n } from '../../i18n';
import { formatDate, formatSecondsChoices } from '../../i18n/format';

// The Storyboard screen's words in the chosen language (strings.ts), with the counting done
// here once. Components that read them call useTranslation('storyboard'), so a language
// change re-renders them.
// Keys as plain strings here (a typo shows as the key on screen; strings.ts and the unit test
// keep every key present in both languages).
const translate = i18n.t as (key: string, options?: Record<string, unknown>) => string;
const t = (key: string, options?: Record<string, unknown>): string =>
  translate(`storyboard:${key}`, options);
const transitions = (count: number) => t('transitions', { count });

export const TEXT = {
  get title() {
    return t('title');
  },
  get intro() {
    return t('intro');
  },
  get newStoryboard() {
    return t('newStoryboard');
  },
  listFailed: (message: string) => t('listFailed', { message }),
  get keyframesLabel() {
    return t('keyframesLabel');
  },
  keyframeLabel: (i: number, path: string) =>
    t('keyframeLabel', { n: i + 1, file: path.split(/[\\/]/).pop() }),
  moveEarlier: (i: number) => t('moveEarlier', { n: i + 1 }),
  moveLater: (i: number) => t('moveLater', { n: i + 1 }),
  remove: (i: number) => t('remove', { n: i + 1 }),
  get addKeyframe() {
    return t('addKeyframe');
  },
  get onePrompt() {
    return t('onePrompt');
  },
  promptFor: (i: number) => t('promptFor', { n: i + 1, next: i + 2 }),
  get promptAll() {
    return t('promptAll');
  },
  get model() {
    return t('model');
  },
  get duration() {
    return t('duration');
  },
  /** "Each transition (3 to 15 seconds)": the lengths through the one formatter. */
  durationOf: (durations: readonly string[]) =>
    t('durationOf', { label: t('duration'), lengths: formatSecondsChoices(durations) }),
  get needTwo() {
    return t('needTwo');
  },
  transitions,
  estimating: (n: number) => t('estimating', { transitions: transitions(n) }),
  total: (n: number, credits: number | null) =>
    credits === null
      ? t('noEstimate', { transitions: transitions(n) })
      : t('total', { transitions: transitions(n), credits: formatCredits(credits) }),
  estimateFailed: (n: number, why: string) =>
    t('estimateFailed', { transitions: transitions(n), message: why }),
  get waitForTotal() {
    return t('waitForTotal');
  },
  queue: (n: number) => (n > 0 ? t('queueCount', { transitions: transitions(n) }) : t('queue')),
  get queueing() {
    return t('queueing');
  },
  queued: (id: string, n: number) => t('queued', { id, transitions: transitions(n) }),
  overCap: (title: string) => t('overCap', { title }),
  get dontQueue() {
    return t('dontQueue');
  },
  get queueAnyway() {
    return t('queueAnyway');
  },
  get storyboards() {
    return t('storyboards');
  },
  /** A storyboard as users know it: its keyframes and when it was made, never its set id. */
  heading: (keyframes: number, createdAt: string) =>
    t('heading', { count: keyframes, date: formatDate(createdAt) }),
  get none() {
    return t('none');
  },
  open: (createdAt: string, n: number) =>
    t('open', { date: formatDate(createdAt), transitions: transitions(n) }),
  get transitionsInOrder() {
    return t('transitionsInOrder');
  },
  transitionRow: (i: number, prompt: string) =>
    t('transitionRow', { n: i + 1, next: i + 2, prompt }),
  get gone() {
    return t('gone');
  },
  get rerender() {
    return t('rerender');
  },
  rerenderLabel: (i: number) => t('rerenderLabel', { n: i + 1 }),
  rerendered: (i: number) => t('rerendered', { n: i + 1 }),
  get playAll() {
    return t('playAll');
  },
  notAllDone: (done: number, n: number) => t('notAllDone', { done, count: n }),
  get exportJoined() {
    return t('exportJoined');
  },
  get joining() {
    return t('joining');
  },
  joinedAt: (file: string) => t('joinedAt', { file }),
  clipLabel: (i: number, n: number) => t('clipLabel', { n: i + 1, count: n }),
  get close() {
    return t('close');
  },
};
