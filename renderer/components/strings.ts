import { defineStrings } from '../i18n/define-strings';

/** The shell (App.tsx, Nav), the shared components and the render states' words. */
export const strings = defineStrings({
  en: {
    brand: 'Kling Studio',
    screens: {
      new: 'New render',
      queue: 'Queue',
      library: 'Library',
      settings: 'Settings',
      spent: 'Spent',
      storyboard: 'Storyboard',
    },
    app: {
      screenShown: '{{screen}} screen',
      dropImage: 'Drop the image to use it for a new render',
      noBridge:
        'Kling Studio must run inside its desktop app: the connection to its core (window.kling) is missing.',
    },
    nav: {
      label: 'Main',
      queueBadge: ', {{count}} running or waiting',
      keyMissingBadge: ', API key not set',
      keyMissingTip: 'API key not set',
      queueTip_one: '{{count}} running or waiting',
      queueTip_other: '{{count}} running or waiting',
    },
    dialog: { close: 'Close' },
    bridge: {
      unreachable: 'The app could not reach its core for “{{channel}}”: {{detail}}',
      unknown: 'Something went wrong',
    },
    budget: {
      capsWhere: 'Your caps are in Settings → Budget.',
    },
    rerun: {
      asking: 'Asking WeShop what this costs…',
      readFirst: '{{concern}}: read why above, then confirm again.',
      titleWithConcern: '{{concern}}: {{question}}',
    },
    attach: {
      title: 'Attach the run you found',
      where:
        'If this render’s start reached WeShop, its run is in your WeShop history. Look for the run named after this render (<code>{{id}}</code>), copy its run id and paste it here.',
      checks:
        'Kling Studio checks that the run matches this render (model and number of videos), then downloads its videos. Nothing is started and nothing is charged again.',
      runId: 'Run id',
      notRunId: 'This is not a run id',
      attached: 'Run attached: its videos are being collected (follow it in the Queue)',
      cancel: 'Cancel',
      attach: 'Attach',
      checking: 'Checking the run…',
      open: 'I found the run…',
    },
    jobs: {
      failedAction: '{{action}} failed: {{reason}}',
      chargeTwiceQuestion: 'Retry and risk paying twice?',
      dontRetry: 'Don’t retry',
      retryAnyway: 'Retry anyway',
      retrying: 'Retrying…',
      startedAgain: 'Started again: follow it in the Queue',
      retryQuestion: 'Retry this render?',
      retry: 'Retry',
      newRunCharged: 'WeShop starts a new run of it, charged like a new render.',
      renderMissing: 'Render the missing {{count}}',
      renderMissingQuestion_one: 'Render the missing video?',
      renderMissingQuestion_other: 'Render the missing {{count}} videos?',
      notNow: 'Not now',
      queueing: 'Queueing…',
      missingQueued_one: 'Queued 1 video: follow the new render in the Queue',
      missingQueued_other: 'Queued {{count}} videos: follow the new render in the Queue',
      missingDone_one: 'The missing video was rendered already: see the Library',
      missingDone_other: 'The missing {{count}} videos were rendered already: see the Library',
      missingAsked_one: 'Asked for already: follow the render of the missing video in the Queue',
      missingAsked_other:
        'Asked for already: follow the render of the missing {{count}} videos in the Queue',
      missingExplained_one:
        'A new render of just the video WeShop did not deliver; the delivered ones stay.',
      missingExplained_other:
        'A new render of just the {{count}} videos WeShop did not deliver; the delivered ones stay.',
      missingRendering_one:
        'The missing video is being rendered as a new render: follow it in the Queue.',
      missingRendering_other:
        'The {{count}} missing videos are being rendered as a new render: follow it in the Queue.',
      missingRendered_one: 'The missing video was rendered as a new render: it is in the Library.',
      missingRendered_other:
        'The {{count}} missing videos were rendered as a new render: it is in the Library.',
      missingSettle_one:
        'The missing video was started as a new render that did not finish and may have a paid run on WeShop: open it and check it again before paying for it twice.',
      missingSettle_other:
        'The {{count}} missing videos were started as a new render that did not finish and may have a paid run on WeShop: open it and check it again before paying for them twice.',
    },
    states: {
      queued: 'Queued',
      uploading: 'Uploading image',
      starting: 'Starting',
      running: 'Running',
      downloading: 'Downloading',
      done: 'Done',
      failed: 'Failed',
      canceled: 'Canceled',
      'needs-attention': 'Needs attention',
      partial: 'Partly delivered',
      waitingAtWeShop: 'Waiting at WeShop',
      generating: 'Generating',
    },
    steps: {
      upload: 'Upload',
      waiting: 'Waiting',
      generating: 'Generating',
      download: 'Download',
    },
    labels: {
      cancel: 'Cancel',
      stopWaiting: 'Stop waiting',
      retry: 'Retry',
      retryAnyway: 'Retry anyway…',
      checkAgain: 'Check again',
    },
    explain: {
      needsAttention:
        'The start request may have reached WeShop, but no run id came back, so the app cannot tell whether this render is running (and being charged). Check your WeShop history first: if the run is there, “I found the run” collects it without paying again; retrying could start, and charge for, a second run.',
      stopWaiting:
        'WeShop has no cancel: this render may already be running there, and its credits are spent. Stop waiting only stops following it here; the run stays on WeShop, and “Check again” collects its videos later.',
      chargeTwice:
        'This render may charge you twice. Its start request may have reached WeShop, but no run id came back, so the app cannot tell whether WeShop is already rendering (and charging for) it. Retrying sends the start again; if the first one did arrive, you pay for two runs. Check your WeShop history before you retry: if the run is there, “I found the run” collects it without paying again.',
      noCharge: 'No credits were charged: WeShop never started this render.',
      charged: 'WeShop ran this render and charged {{credits}}.',
      mayBeCharged: 'WeShop started this render, so its credits may have been charged.',
    },
  },
  'zh-CN': {
    brand: 'Kling Studio',
    screens: {
      new: '新建渲染',
      queue: '队列',
      library: '作品库',
      settings: '设置',
      spent: '花费',
      storyboard: '故事板',
    },
    app: {
      screenShown: '{{screen}}界面',
      dropImage: '松开即可用这张图片新建渲染',
      noBridge: 'Kling Studio 必须在它的桌面应用中运行：缺少与核心的连接（window.kling）。',
    },
    nav: {
      label: '主导航',
      queueBadge: '，{{count}} 个正在进行或等待',
      keyMissingBadge: '，尚未设置 API 密钥',
      keyMissingTip: '尚未设置 API 密钥',
      queueTip_other: '{{count}} 个正在进行或等待',
    },
    dialog: { close: '关闭' },
    bridge: {
      unreachable: '应用无法连接到它的核心（“{{channel}}”）：{{detail}}',
      unknown: '出了点问题',
    },
    budget: {
      capsWhere: '预算上限在“设置 → 预算”中。',
    },
    rerun: {
      asking: '正在向 WeShop 询问费用…',
      readFirst: '{{concern}}：请先阅读上方原因，然后再次确认。',
      titleWithConcern: '{{concern}}：{{question}}',
    },
    attach: {
      title: '关联你找到的运行',
      where:
        '如果这次渲染的启动请求已到达 WeShop，它的运行会出现在你的 WeShop 历史记录中。请找到以这次渲染命名的运行（<code>{{id}}</code>），复制它的运行 ID 并粘贴到这里。',
      checks:
        'Kling Studio 会核对该运行是否与这次渲染一致（模型和视频数量），然后下载它的视频。不会启动任何新运行，也不会再次扣费。',
      runId: '运行 ID',
      notRunId: '这不是运行 ID',
      attached: '已关联运行：正在取回它的视频（可在“队列”中查看）',
      cancel: '取消',
      attach: '关联',
      checking: '正在核对运行…',
      open: '我找到了运行…',
    },
    jobs: {
      failedAction: '“{{action}}”失败：{{reason}}',
      chargeTwiceQuestion: '要重试并承担重复扣费的风险吗？',
      dontRetry: '不重试',
      retryAnyway: '仍然重试',
      retrying: '正在重试…',
      startedAgain: '已重新开始：可在“队列”中查看',
      retryQuestion: '要重试这次渲染吗？',
      retry: '重试',
      newRunCharged: 'WeShop 会为它开始一次新运行，按新渲染计费。',
      renderMissing: '渲染缺少的 {{count}} 个',
      renderMissingQuestion_other: '要渲染缺少的 {{count}} 个视频吗？',
      notNow: '暂不',
      queueing: '正在加入队列…',
      missingQueued_other: '已将 {{count}} 个视频加入队列：可在“队列”中查看新渲染',
      missingDone_other: '缺少的 {{count}} 个视频已经渲染好了：请到“作品库”查看',
      missingAsked_other: '已经请求过了：可在“队列”中查看缺少的 {{count}} 个视频的渲染',
      missingExplained_other:
        '只为 WeShop 未交付的 {{count}} 个视频新建一次渲染；已交付的视频保持不变。',
      missingRendering_other: '缺少的 {{count}} 个视频正作为新渲染进行：可在“队列”中查看。',
      missingRendered_other: '缺少的 {{count}} 个视频已作为新渲染完成：在“作品库”中。',
      missingSettle_other:
        '缺少的 {{count}} 个视频已作为新渲染启动，但没有完成，WeShop 上可能有一次已付费的运行：请先打开它再检查一次，以免重复付费。',
    },
    states: {
      queued: '排队中',
      uploading: '正在上传图片',
      starting: '正在启动',
      running: '运行中',
      downloading: '正在下载',
      done: '已完成',
      failed: '失败',
      canceled: '已取消',
      'needs-attention': '需要处理',
      partial: '部分交付',
      waitingAtWeShop: '在 WeShop 排队',
      generating: '正在生成',
    },
    steps: {
      upload: '上传',
      waiting: '等待',
      generating: '生成',
      download: '下载',
    },
    labels: {
      cancel: '取消',
      stopWaiting: '停止等待',
      retry: '重试',
      retryAnyway: '仍然重试…',
      checkAgain: '再次检查',
    },
    explain: {
      needsAttention:
        '启动请求可能已到达 WeShop，但没有返回运行 ID，因此应用无法判断这次渲染是否正在运行（并在扣费）。请先查看你的 WeShop 历史记录：如果运行在那里，“我找到了运行”可以取回它而无需再次付费；重试则可能启动并支付第二次运行。',
      stopWaiting:
        'WeShop 无法取消：这次渲染可能已经在那里运行，积分已经花出。“停止等待”只是不再在这里跟踪它；运行仍留在 WeShop 上，稍后可用“再次检查”取回它的视频。',
      chargeTwice:
        '这次渲染可能会被扣费两次。它的启动请求可能已到达 WeShop，但没有返回运行 ID，因此应用无法判断 WeShop 是否已在渲染（并扣费）。重试会再次发送启动请求；如果第一次确实已到达，你将为两次运行付费。重试前请先查看 WeShop 历史记录：如果运行在那里，“我找到了运行”可以取回它而无需再次付费。',
      noCharge: '没有扣除积分：WeShop 从未启动这次渲染。',
      charged: 'WeShop 已运行这次渲染并扣除 {{credits}}。',
      mayBeCharged: 'WeShop 已启动这次渲染，因此可能已扣除积分。',
    },
  },
});
