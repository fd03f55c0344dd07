import { defineStrings } from '../../i18n/define-strings';

/** Delete's words (DeleteDialog, the Undo toast): namespace `deleting`. */
export const strings = defineStrings({
  en: {
    title: 'Delete this render?',
    titlePaid: 'Delete a render WeShop may still be charging for?',
    keep: 'Keep it',
    confirm: 'Delete render',
    confirmPaid: 'Delete anyway',
    busy: 'Deleting…',
    quoted: '“{{name}}”',
    body: 'Its folder will be moved to the trash. You can undo right after (Undo, or Ctrl+Z); later, restore it from the trash.',
    body_videos_one:
      'Its folder and its video will be moved to the trash. You can undo right after (Undo, or Ctrl+Z); later, restore it from the trash.',
    body_videos_other:
      'Its folder and {{count}} videos will be moved to the trash. You can undo right after (Undo, or Ctrl+Z); later, restore it from the trash.',
    paidWarning: 'WeShop may still be making this video, and charging you for it.',
    paidDetail:
      'The credits are spent whether you keep the render or not. If you delete it now, its videos will not be collected.',
    paidCollect:
      'To get them instead, keep it and use {{action}}: it checks the run WeShop already has, at no new charge.',
    cancelFirstTitle: 'Cancel this render before deleting it',
    cancelFirstBody:
      'It is still in progress ({{state}}). Cancel it in the Queue (Stop waiting, once WeShop may have started it), or wait for it to finish; then delete it.',
    ok: 'OK',
    removed:
      'Render deleted: its folder goes to the trash in a few seconds. Undo (Ctrl+Z) puts it back.',
    undo: 'Undo',
    undone: 'Render restored to the Library.',
    undoFailed: 'Could not put the render back: {{reason}}',
    failed: 'Could not delete the render: {{reason}}',
  },
  'zh-CN': {
    title: '要删除这个渲染吗？',
    titlePaid: '要删除 WeShop 可能仍在扣费的渲染吗？',
    keep: '保留',
    confirm: '删除渲染',
    confirmPaid: '仍然删除',
    busy: '正在删除…',
    quoted: '“{{name}}”',
    body: '它的文件夹将移到回收站。删除后可立即撤销（点“撤销”或按 Ctrl+Z），之后也可以从回收站恢复。',
    body_videos_other:
      '它的文件夹和 {{count}} 个视频将移到回收站。删除后可立即撤销（点“撤销”或按 Ctrl+Z），之后也可以从回收站恢复。',
    paidWarning: 'WeShop 可能仍在生成这个视频，并为此向你扣费。',
    paidDetail: '无论是否保留这个渲染，积分都已扣除。如果现在删除，它的视频将不会被取回。',
    paidCollect:
      '若要拿到视频，请保留它并使用“{{action}}”：它会核对 WeShop 上已有的运行，不会再次扣费。',
    cancelFirstTitle: '请先取消这个渲染再删除',
    cancelFirstBody:
      '它仍在进行中（{{state}}）。请在队列中取消它（若 WeShop 可能已开始生成，请用“停止等待”），或等它完成后再删除。',
    ok: '确定',
    removed: '渲染已删除：几秒后它的文件夹会移到回收站。点“撤销”或按 Ctrl+Z 可恢复。',
    undo: '撤销',
    undone: '渲染已恢复到作品库。',
    undoFailed: '无法恢复这个渲染：{{reason}}',
    failed: '无法删除这个渲染：{{reason}}',
  },
});
