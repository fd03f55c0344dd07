import { defineStrings } from './define-strings';

/**
 * Words the core authors (shared/core-messages.ts), namespace `core`: one key per message id.
 * English is word for word shared's template (a unit test holds them together), so the app
 * and the CLI say the same thing; `{{name}}` values come from the message's params.
 */
export const strings = defineStrings({
  en: {
    pollsFailing:
      'Could not check the run {{times}} times in a row (last: {{last}}). Still trying, less often; the run is safe on WeShop.',
    uploadBusy: 'WeShop is busy ({{reason}}); uploading again in {{seconds}} s.',
    startBusy:
      'WeShop is busy ({{reason}}); sending the start again in {{seconds}} s (attempt {{attempt}} of {{attempts}}). No credits were used.',
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
    canceledStartRefused:
      'Canceled: WeShop refused the start ({{reason}}), so no credits were used.',
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
    attachNoSuchRun:
      'WeShop has no run {{runId}} (it answered "not found"). Check the id in your WeShop history (look for the run named after this render); {{id}} is unchanged.',
    attachCheckFailed:
      'Could not check run {{runId}} on WeShop, so nothing was attached ({{id}} is unchanged): {{reason}}',
    renderNotFound: 'No render with id {{id}}',
    renderNotFoundHint: 'No render with id {{id}} ({{hint}})',
    updatedBySystem: 'This copy is updated by your system (or was not started from its installer).',
    developmentBuild: 'Development builds do not update themselves.',
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
    weshopSaid: '{{message}}: {{server}}',
    doingUpload: 'uploading the image',
    doingStart: 'starting the run',
    doingCheck: 'checking the run',
    doingEstimate: 'estimating the cost',
    doingKeyCheck: 'checking the key',
  },
  'zh-CN': {
    pollsFailing:
      '连续 {{times}} 次未能查询运行状态（最近一次：{{last}}）。仍在重试，但间隔会变长；该运行在 WeShop 上安然无恙。',
    uploadBusy: 'WeShop 繁忙（{{reason}}）；{{seconds}} 秒后重新上传。',
    startBusy:
      'WeShop 繁忙（{{reason}}）；{{seconds}} 秒后重新发送启动请求（第 {{attempt}} 次，共 {{attempts}} 次）。未消耗积分。',
    checkFailed:
      '无法查询运行状态：{{reason}}。运行 ID 已保存；“重试”会再次查询它，不会启动新的运行。',
    needsAttention:
      '启动请求可能已到达 WeShop，但没有返回运行 ID。再次启动可能会重复扣费，因此 Kling Studio 不会自行再次启动。只有在确定没有运行启动时才重试（重试会沿用同一个 Idempotency-Key，WeShop 可据此识别重复请求）。',
    needsAttentionLookFor:
      '启动请求可能已到达 WeShop，但没有返回运行 ID。请在你的 WeShop 历史记录中查找“{{taskName}}”：如果它在那里，说明运行已启动并已扣费。再次启动可能会重复扣费，因此 Kling Studio 不会自行再次启动。只有在确定没有运行启动时才重试（重试会沿用同一个 Idempotency-Key，WeShop 可据此识别重复请求）。',
    whatHappened: '{{message}}（经过：{{cause}}）',
    canceledBeforeStart: '已在启动前取消：未消耗积分。',
    stoppedWaitingAfterStartSent:
      '已在启动请求发送途中停止等待。WeShop 无法取消，因此可能已有运行启动并消耗了积分。如果是这样，它的 ID 会出现在这里，“再次检查”会取回它的视频。',
    stoppedWaitingOnRun:
      '已停止等待：该运行在 WeShop 上，积分已消耗（WeShop 无法取消）。随时可以用“再次检查”取回它的视频。',
    canceledStartRefused: '已取消：WeShop 拒绝了启动请求（{{reason}}），因此未消耗积分。',
    weshopCanceledRun: 'WeShop 取消了该运行',
    finishedNoVideos: '运行已结束，但 WeShop 没有返回视频',
    generationFailed: '生成失败：{{server}}',
    generationFailedNoReason: '生成失败',
    partialDelivered:
      'WeShop 交付了 {{delivered}} / {{total}} 个视频。已交付的视频在作品库中；“渲染缺少的 {{missing}} 个”只渲染其余部分。',
    partialDeliveredSaid:
      'WeShop 交付了 {{delivered}} / {{total}} 个视频：{{server}}。已交付的视频在作品库中；“渲染缺少的 {{missing}} 个”只渲染其余部分。',
    downloadsFailed: '{{videos}}。该运行在 WeShop 上安然无恙；“重试”会重新下载，不会再次扣费。',
    videoFailed: '视频 {{number}}：{{reason}}',
    nextInList: '{{first}}；{{next}}',
    couldNotDownload: '无法下载 {{url}}：{{reason}}',
    couldNotDownloadAfter: '尝试 {{attempts}} 次后仍无法下载 {{url}}：{{reason}}',
    fileNotThere: '服务器表示文件不存在（HTTP {{status}}）；链接可能已过期',
    serverAnswered: '服务器返回 HTTP {{status}}',
    connectionFailed: '连接失败',
    connectionBroke: '下载中途连接断开',
    receivedPart: '收到 {{size}} / {{total}} 字节',
    otherPartSent: '服务器发送的文件片段与请求的不同；将重新开始',
    partialMismatch: '已下载的部分与文件不再匹配；将重新开始',
    partialTooLarge: '已下载的部分比文件还大；将重新开始',
    diskFull: '存放 {{folder}} 的磁盘已满：请在那里腾出空间，{{nextStep}}。',
    diskQuota:
      '你在 {{folder}} 的磁盘配额已用完：请在那里腾出空间（或申请更大的配额），{{nextStep}}。',
    diskNotAllowed:
      'Kling Studio 无权写入 {{path}}（{{code}}）：请让你的用户可以写入 {{folder}}（或关闭占用该文件的程序），{{nextStep}}。',
    diskReadOnly:
      '{{folder}} 位于只读磁盘上：请让它可写，或把 KLING_STUDIO_HOME 指向一个可写的文件夹，{{nextStep}}。',
    diskFolderInWay:
      '{{path}} 是一个文件夹，但 Kling Studio 要在那里保存文件：请移走该文件夹，{{nextStep}}。',
    diskFileInWay:
      '{{blocker}} 是一个文件，但 Kling Studio 需要在那里放文件夹（用于写入 {{path}}）：请移走该文件，{{nextStep}}。',
    thenResume: '然后运行 `kling-studio resume`',
    thenRetry: '然后再试一次',
    thenDeleteAgain: '然后再删除一次',
    imageNotFound: '找不到图片：{{path}}',
    imagePermission: '无法读取图片（没有权限）：{{path}}',
    imageUnreadable: '无法读取图片 {{path}}：{{code}}',
    imageIsFolder: '这是一个文件夹，不是图片文件：{{path}}',
    imageNotFile: '这不是一个普通文件：{{path}}',
    imageEmpty: '图片文件是空的（0 字节）：{{path}}',
    imageFormatUnsupported: '不支持 {{format}} 图片；请使用 PNG、JPEG 或 WebP：{{path}}',
    imageNotImage: '这不是 Kling 能用的图片（内容不是 PNG、JPEG 或 WebP）：{{path}}',
    imageDamaged:
      '{{path}}：图片已损坏或不完整（{{why}}）。请在看图软件中打开它，重新保存后再试一次。',
    imageTooLarge: '图片大小为 {{size}}；Kling 最多接受 {{max}}：{{path}}',
    imageChanging: '读取图片时它发生了变化（是否仍在复制或保存？）；请等它完成后再试一次：{{path}}',
    imageTooSmall: '图片为 {{width}}×{{height}} 像素；Kling 要求每边至少 {{min}} 像素',
    imageTooWide:
      '图片为 {{width}}×{{height}} 像素；Kling 接受的宽高比在 1:2.5 到 2.5:1 之间（太宽）',
    imageTooTall:
      '图片为 {{width}}×{{height}} 像素；Kling 接受的宽高比在 1:2.5 到 2.5:1 之间（太高）',
    imageTooManyPixels:
      '图片为 {{width}}×{{height}} 像素（{{pixels}}）；Kling Studio 最多接受 {{max}}。请另存一份较小的副本再使用：{{path}}',
    imageTooLargePreview: '图片太大，无法预览（{{size}}）：{{path}}',
    attachNoSuchRun:
      'WeShop 上没有运行 {{runId}}（它回答“未找到”）。请在你的 WeShop 历史记录中核对该 ID（查找以这次渲染命名的运行）；{{id}} 没有改变。',
    attachCheckFailed:
      '无法在 WeShop 上查询运行 {{runId}}，因此没有关联任何运行（{{id}} 没有改变）：{{reason}}',
    renderNotFound: '没有 ID 为 {{id}} 的渲染',
    renderNotFoundHint: '没有 ID 为 {{id}} 的渲染（{{hint}}）',
    updatedBySystem: '此副本由你的系统负责更新（或并非从安装程序启动）。',
    developmentBuild: '开发版本不会自行更新。',
    keyInvalid: 'WeShop API 密钥无效。请在“设置”中检查（open.weshop.ai → API key）。',
    keyDisabled: 'WeShop API 密钥已停用。请启用它，或在 open.weshop.ai 创建一个新密钥。',
    keyExpired: 'WeShop API 密钥已过期。请在 open.weshop.ai 创建一个新密钥。',
    keyRefused: 'WeShop 拒绝了该 API 密钥（HTTP {{status}}）。请在“设置”中检查。',
    tooManyRuns: 'WeShop 表示你的套餐同时进行的运行过多；请等其中一个完成',
    notEnoughCredits: 'WeShop 积分（power）不足，无法完成此操作',
    rateLimited: 'WeShop 正在限制请求频率',
    rateLimitedWait: 'WeShop 正在限制请求频率（要求等待 {{seconds}} 秒）',
    serverError: '{{action}}时 WeShop 出现服务器错误（HTTP {{status}}）',
    endFrameRefused:
      '{{action}}时 WeShop 拒绝了尾帧：该模型目前不接受尾帧（WeShop 原话：“{{server}}”）。未启动任何运行，也未消耗积分。请移除尾帧或选择其他模型，然后重新生成（在应用中用“编辑后重试”，在 CLI 中去掉 --end-frame）。',
    weshopNotFound: '{{action}}时 WeShop 未找到任何内容（HTTP 404）',
    weshopRejected: '{{action}}时 WeShop 拒绝了请求（HTTP {{status}}）',
    unreachable: '{{action}}时无法连接 WeShop（{{host}}）',
    unreachableCode: '{{action}}时无法连接 WeShop（{{host}}）：{{code}}',
    noAnswer: '{{action}}时 WeShop 在 {{limit}} 内没有响应',
    notJson: '{{action}}时 WeShop 返回的响应不是 JSON（HTTP {{status}}）',
    maybeStarted: '{{message}}。请求可能已到达 WeShop，运行可能已经启动：再次启动前请先检查。',
    weshopSaid: '{{message}}：{{server}}',
    doingUpload: '上传图片',
    doingStart: '启动运行',
    doingCheck: '查询运行状态',
    doingEstimate: '估算费用',
    doingKeyCheck: '检查密钥',
  },
});
