import type { CoreMessageId } from './core-messages';

/**
 * The core's messages in Simplified Chinese, one per id of CORE_MESSAGES (the type requires
 * every id). Here in shared/ so both the renderer's `core` namespace and main's message boxes
 * (electron/app/native-words.ts) say them from one table.
 */
export const CORE_MESSAGES_ZH: Readonly<Record<CoreMessageId, string>> = {
  pollsFailing:
    '连续 {{times}} 次未能查询运行状态，最近一次：{{last}}。仍在重试，间隔会逐渐变长；WeShop 上的运行不受影响。',
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
  downloadsFailed: '{{videos}}。WeShop 上的运行不受影响；“重试”会重新下载，不会再次扣费。',
  videoFailed: '视频 {{number}}：{{reason}}',
  nextInList: '{{first}}；{{next}}',
  fieldIssue: '{{field}}：{{issue}}',
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
  linkNotHttp: '视频链接不是 http(s) 地址',
  tooManyRedirects: '重定向超过 {{max}} 次',
  uploadCanceled: '图片上传已取消',
  engineClosed: '渲染引擎已关闭',
  noDownloadedVideo: '渲染 {{id}} 没有已下载的视频 {{number}}',
  noVideoToContinue: '渲染 {{id}} 没有可用来续接的已下载视频（状态：{{state}}）',
  noVideo: '渲染 {{id}} 没有视频 {{number}}',
  noVideoNumber: '渲染 {{id}} 没有视频 {{number}}（它有 {{count}} 个）',
  noVideoNumberState: '渲染 {{id}} 没有视频 {{number}}（状态：{{state}}）',
  videoLinkExpired:
    '此视频的 WeShop 链接已过期（{{why}}）：WeShop 只保留视频一段时间；请粘贴另一个 https URL',
  signedLinkRanOut: '签名链接已于 {{at}} 失效',
  hostAnswered: '{{host}} 返回 HTTP {{status}}',
  videoNoWebLink:
    '此视频没有可检查的网络链接（{{url}}）：WeShop 只保留视频一段时间；请粘贴另一个 https URL',
  videoUnreachable:
    '无法连接 {{host}} 来检查此视频（{{why}}）：请检查网络连接后重试，或粘贴另一个 https URL',
  noAnswerWithin: '{{seconds}} 秒内没有响应',
  videoLinkAnswers: '此视频的 WeShop 链接仍然有效',
  videoNotHandedOut:
    '{{host}} 没有提供此视频（HTTP {{status}}）：请稍后再试，或粘贴另一个 https URL',
  videoNoFetchableLink:
    '渲染 {{id}} 的视频 {{number}} 没有 WeShop 能获取的链接（{{url}}）：请粘贴另一个 https URL',
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
  damageCut: '文件在最后一个数据块之前就结束了',
  damageChecksum: '有一个数据块与其校验和不符',
  damageNoPicture: '其中没有图像数据',
  damageHeaderNotFirst: '文件开头不是图片头',
  damageMalformed: '其中有一个数据块格式错误',
  damageSizeMismatch: '文件头中的大小与文件不符',
  damageNoSize: '文件头中读不到图片尺寸',
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
  attachAlreadyHasRun: '渲染 {{id}} 已经有它的运行（{{runId}}）；无需关联',
  attachNeverStarted:
    '渲染 {{id}} 从未向 WeShop 发送启动请求，因此没有可关联的运行（它的状态：{{state}}）',
  attachOnlyNeedsAttention: '只有需要处理的渲染才能关联运行；{{id}} 的状态：{{state}}',
  attachRunTaken:
    '运行 {{runId}} 已属于渲染 {{holder}}；请在你的 WeShop 历史记录中查找以 {{id}} 命名的运行。',
  attachMismatch:
    '运行 {{runId}} 与渲染 {{id}} 不符：{{differs}}。没有做任何更改；请确认你复制的是以这次渲染命名的运行。',
  mismatchAgent: '它是 {{reported}} 的运行，而不是 {{agent}} 的',
  mismatchModel: '它的模型是 {{reported}}，这次渲染的是 {{model}}',
  mismatchVideos: '它生成 {{reported}}，这次渲染要求 {{asked}}',
  drivenElsewhere: '这次渲染正由另一个 Kling Studio 进程（{{owner}}）处理；{{whatToDo}}',
  drivenRetry: '请在那里重试，或等它完成。',
  drivenCancel: '请在那里取消，或等它完成。',
  drivenAskAgain: '请等它完成后再试一次。',
  drivenAttach: '请在那里关联运行，或等它完成。',
  drivenStop: '请先在那里停止它，或等它完成。',
  deleteFinishingHere:
    '这次渲染仍在本 Kling Studio 进程中收尾（发往 WeShop 的请求还没有回应）；请稍等片刻再删除。',
  deleteStillHere:
    '这次渲染在本 Kling Studio 进程中仍处于“{{state}}”；请先取消它（WeShop 可能已启动时用“停止等待”），或等它完成。',
  deleteStartInFlight:
    '这次渲染的启动请求已发送到 WeShop（{{at}}），但运行 ID 从未保存：发送它的进程已停止。现在删除可能会丢失一次已付费的运行；请先运行 `kling-studio resume`（或打开应用）让它检查一遍，然后再删除。',
  deleteMayBeCharging:
    'WeShop 可能仍在生成（并为之扣费）这次渲染的运行（{{detail}}）。如果删除这次渲染，它的视频将不会被取回。{{collect}}如仍要删除，请确认：`kling-studio delete {{id}} --yes`（在应用中：“仍然删除”）。',
  runNotFinished: '上次检查时运行 {{runId}} 尚未完成',
  startMayHaveReached: '它的启动请求可能已到达 WeShop，但没有返回运行 ID',
  collectByRetry:
    '如要改为取回它的视频：`kling-studio retry {{id}}`（在应用中用“再次检查”或“重试”；不会再次扣费）。',
  collectByResume: '如要改为取回它的视频：`kling-studio resume`。',
  notWaitingHere:
    '这次渲染已不在这里等待：它已经开始（无法再移动），或者由另一个 Kling Studio 进程处理（请在那里移动它）。',
  notRetryable: '只有失败、已取消或需要处理的渲染可以重试；这次渲染的状态：{{state}}',
  retryMayChargeTwice:
    '这次渲染的启动请求可能已到达 WeShop，但没有返回运行 ID，因此再次启动可能会重复扣费。如仍要重试，请确认（会发送同一个 Idempotency-Key，WeShop 可据此识别重复请求）。',
  missingNotPartial: '只有部分交付的渲染才有缺少的视频可渲染；这次渲染的状态：{{state}}',
  missingSettleFirst:
    '{{source}} 缺少的 {{videos}}已作为渲染 {{render}} 启动，它的状态是“{{state}}”，WeShop 上可能有一次已付费的运行。没有启动任何新内容：请先打开 {{render}} 再检查一次它的运行（或重试它）。',
  oneVideo: '{{count}} 个视频',
  manyVideos: '{{count}} 个视频',
  stateQueued: '排队中',
  stateUploading: '正在上传图片',
  stateStarting: '正在启动',
  stateRunning: '运行中',
  stateDownloading: '正在下载',
  stateDone: '已完成',
  stateFailed: '失败',
  stateCanceled: '已取消',
  stateNeedsAttention: '需要处理',
  statePartial: '部分交付',
  storyboardNotFound: '这个作品库中没有 ID 为 {{id}} 的故事板（参见 `kling-studio list`）',
  transitionsNotDone: '还有过渡没有完成：{{problems}}。全部 {{count}} 个完成后才会生成拼接的 MP4',
  transitionGone: '过渡 {{number}} 的渲染 {{render}} 已不存在',
  transitionState: '过渡 {{number}} 的状态：{{state}}',
  transitionRerender: '过渡 {{number}} 的状态：{{state}}（请重新渲染）',
  nextInCommaList: '{{first}}，{{next}}',
  joinNeedsFfmpeg:
    '拼接需要 ffmpeg：请安装它（Debian/Ubuntu：apt install ffmpeg；macOS：brew install ffmpeg；Windows：winget install ffmpeg），或把 KLING_FFMPEG 设为它的路径，也可以逐个导出片段',
  joinNeedsFfprobe:
    '拼接需要 ffprobe（随 ffmpeg 一起提供），但在 {{ffmpeg}} 旁边和 PATH 中都没有找到：请重新安装 ffmpeg，或逐个导出片段',
  ffprobeFailed: 'ffprobe 无法读取 {{file}}：{{reason}}',
  joinNoClips: '没有可拼接的片段',
  ffmpegNotExecutable: '已设置 KLING_FFMPEG，但它不是可执行文件：{{path}}',
  joinNeedsReencode: '这些片段不重新编码就无法拼接：{{mismatch}}。请逐个导出片段',
  clipNoVideoStream: '片段 {{number}} 没有视频流',
  clipVideoDiffers: '片段 {{number}} 的视频（{{video}}）与片段 1（{{first}}）不同',
  clipAudioDiffers: '片段 {{number}} 的音频（{{audio}}）与片段 1（{{first}}）不同',
  clipNoVideo: '无视频',
  clipNoAudio: '无音频',
  joinedAgain: '{{count}} 个过渡拼接成的 MP4：{{file}}',
  joinedReencoded: '已把 {{count}} 个片段拼接为 {{file}}，并重新编码，因为{{mismatch}}',
  joinedAsTheyAre: '已把 {{count}} 个片段拼接为 {{file}}，未重新编码',
  joinFailed: 'ffmpeg 无法拼接这些片段：{{reason}}',
  noFreeName: '{{folder}} 中没有可用的文件名来保存 {{name}}.mp4',
  transitionOutOfRange: '故事板 {{id}} 的过渡是 1 到 {{count}}，没有 {{number}}',
  transitionRenderingHere: '过渡 {{number}} 仍在这里渲染：请等它完成，或先在“队列”中取消它',
  transitionRenderedElsewhere:
    '过渡 {{number}} 正由 {{owner}} 渲染或重新渲染：没有加入新的渲染；请在那里等它完成',
  transitionRerenderedAlready:
    '过渡 {{number}} 已经重新渲染过（渲染 {{render}}）：没有加入新的渲染',
  transitionStill: '过渡 {{number}} 仍处于“{{state}}”：请等它完成，或先在“队列”中取消它',
  transitionStartUnknown:
    '过渡 {{number}} 的启动请求可能已到达 WeShop（它的运行 ID 从未保存）：请先在“队列”中处理它（“重试”或“我找到了运行…”），以免重复付费',
  videoNotDownloaded: '这次渲染的视频 {{number}} 尚未下载',
  videoNotDownloadedToSave: '这次渲染的视频 {{number}} 尚未下载，因此没有可保存的内容',
  nothingToExport: '这次渲染没有已下载的视频可导出',
  exportNoFolder: '无法在 {{parent}} 中为导出新建文件夹',
  sequenceNothingToExport: '这个序列没有已下载的片段可导出',
  sequenceNotDownloaded: '{{total}} 个片段中有 {{missing}} 个尚未下载',
  exportFolderNotEmpty: '请选择一个空文件夹来导出（{{folder}} 中有 {{count}} 个文件）',
  exportFolderNotEmptyOne: '请选择一个空文件夹来导出（{{folder}} 中有 {{count}} 个文件）',
  settingsNotAdded: '无法把设置写入 {{source}}：{{reason}}',
  notReadableVideo: '{{name}} 不是 Kling Studio 能读取的视频（{{reason}}）',
  needsDesktopSave: '保存视频需要桌面应用',
  needsDesktopExport: '导出渲染需要桌面应用',
  needsDesktopSequence: '导出序列需要桌面应用',
  imagePathNotPlain: '图片路径必须是绝对路径，且不含“..”：{{path}}',
  savingNotAvailable: '此处无法保存文件',
  cliFromDesktopOnly: '命令行工具需要从桌面应用中安装（当前不是桌面应用）。',
  onlyInstalledUpdates: '只有已安装的桌面应用才会自行更新。',
  needsDesktopCopy: '复制需要桌面应用',
  droppedPathNotPlain: '拖入的文件必须是绝对路径，且不含“..”：{{path}}',
  endFramePathNotPlain: '结束帧：路径必须是绝对路径，且不含“..”：{{path}}',
  presetNotFound: '没有名为“{{name}}”的预设',
  presetNotFoundKnown: '没有名为“{{name}}”的预设（已保存的预设：{{known}}）',
  presetNotFoundNone: '没有名为“{{name}}”的预设（还没有保存任何预设）',
  keyLength: 'API 密钥长度为 {{min}} 到 {{max}} 个字符；这个有 {{length}} 个',
  keySpaces: 'API 密钥中间不能有空格或换行',
  keychainSlow:
    '系统钥匙串在 {{limit}} 内没有响应：请解锁它（或允许 Kling Studio 使用它）后再试，或设置 WESHOP_API_KEY',
  keychainUnavailable: '系统钥匙串不可用：{{reason}}',
  renderNotFound: '没有 ID 为 {{id}} 的渲染',
  renderNotFoundHint: '没有 ID 为 {{id}} 的渲染（{{hint}}）',
  updateCheckFailed: '无法检查更新：{{reason}}',
  updateDownloadFailed: '无法下载更新：{{reason}}',
  updateInstallFailed: '无法安装更新：{{reason}}',
  updateStillDownloading: 'Kling Studio {{version}} 仍在下载（{{percent}}%）；下载完成后即可安装。',
  updateNotDownloaded: '还没有下载任何更新：请先使用“检查更新…”。',
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
};
