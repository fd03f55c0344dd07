import { defineStrings } from '../i18n/define-strings';

/** The players' words (PlaybackControls, SyncedPlayers): namespace `player`. */
export const strings = defineStrings({
  en: {
    play: 'Play',
    pause: 'Pause',
    position: 'Position',
    positionValue: '{{time}} of {{duration}}',
    frameBack: '‹ Back 1 frame',
    frameBackTitle: 'One frame back',
    frameForward: 'Forward 1 frame ›',
    frameForwardTitle: 'One frame forward',
    speed: 'Speed',
    loop: 'Loop',
    frameReadout: 'Frame {{frame}} of {{frames}} · {{fps}} fps',
    frameReadoutNoTotal: 'Frame {{frame}} · {{fps}} fps',
    frameReadoutAssumed: 'Frame {{frame}} · {{fps}} fps assumed',
  },
  'zh-CN': {
    play: '播放',
    pause: '暂停',
    position: '播放位置',
    positionValue: '{{time}} / {{duration}}',
    frameBack: '‹ 后退 1 帧',
    frameBackTitle: '后退一帧',
    frameForward: '前进 1 帧 ›',
    frameForwardTitle: '前进一帧',
    speed: '速度',
    loop: '循环',
    frameReadout: '第 {{frame}} 帧，共 {{frames}} 帧 · {{fps}} 帧/秒',
    frameReadoutNoTotal: '第 {{frame}} 帧 · {{fps}} 帧/秒',
    frameReadoutAssumed: '第 {{frame}} 帧 · 按 {{fps}} 帧/秒估算',
  },
});
