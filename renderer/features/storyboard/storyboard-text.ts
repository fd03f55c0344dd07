/** Every string of the Storyboard screen, in one place (until the i18n layer takes them). */
export const TEXT = {
  title: 'Storyboard',
  intro:
    'Pictures in a row: each transition is one render from a keyframe to the next (its first and end frame), queued as one set and joined into one video.',
  keyframesLabel: 'Keyframes in order',
  keyframeLabel: (i: number, path: string) =>
    `Keyframe ${i + 1}: ${path.split(/[\\/]/).pop()} (Alt+arrows move it)`,
  moveEarlier: (i: number) => `Move keyframe ${i + 1} earlier`,
  moveLater: (i: number) => `Move keyframe ${i + 1} later`,
  remove: (i: number) => `Remove keyframe ${i + 1}`,
  addKeyframe: 'Add keyframe…',
  onePrompt: 'One prompt for every transition',
  promptFor: (i: number) => `Transition ${i + 1}: keyframe ${i + 1} → ${i + 2}`,
  promptAll: 'Prompt for every transition',
  model: 'Model (takes an end frame)',
  duration: 'Each transition',
  needTwo: 'Add at least 2 keyframes',
  transitions: (n: number) => `${n} transition${n === 1 ? '' : 's'}`,
  estimating: 'estimating the total…',
  total: (n: number, credits: number | null) =>
    credits === null
      ? `${TEXT.transitions(n)}; WeShop gave no estimate for at least one`
      : `${TEXT.transitions(n)}, about ${credits} credits in total`,
  estimateFailed: (n: number, why: string) =>
    `${TEXT.transitions(n)}; the total could not be estimated: ${why}`,
  waitForTotal: 'Wait for the total cost first',
  queue: (n: number) => (n > 0 ? `Queue storyboard (${TEXT.transitions(n)})` : 'Queue storyboard'),
  queueing: 'Queueing…',
  queued: (id: string, n: number) => `Queued storyboard ${id}: ${TEXT.transitions(n)}`,
  overCap: (title: string) => `${title}: queue this storyboard anyway?`,
  dontQueue: "Don't queue",
  queueAnyway: 'Queue anyway',
  storyboards: 'Storyboards',
  heading: (id: string) => `Storyboard ${id}`,
  none: 'No storyboard yet.',
  open: (id: string, n: number) => `${id} · ${TEXT.transitions(n)}`,
  transitionRow: (i: number, prompt: string) => `${i + 1} → ${i + 2}: ${prompt}`,
  gone: 'render deleted',
  rerender: 'Re-render',
  rerenderLabel: (i: number) => `Re-render transition ${i + 1}`,
  rerendered: (i: number) => `Transition ${i + 1} is rendering again`,
  playAll: 'Play the sequence',
  notAllDone: (done: number, n: number) =>
    `${done} of ${n} transitions done: the sequence plays and joins once all are.`,
  exportJoined: 'Export joined MP4',
  joining: 'Joining…',
  joinedAt: (file: string) => `Joined MP4: ${file}`,
  clipLabel: (i: number, n: number) => `Transition ${i + 1} of ${n}`,
  close: 'Close',
} as const;
