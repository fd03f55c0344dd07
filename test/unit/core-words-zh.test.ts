import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { needsAttentionError } from '../../electron/engine/start-errors';
import { inspectImage } from '../../electron/images/inspect';
import { mapHttpError } from '../../electron/weshop/error-mapping';
import { BridgeCallError, errorMessage } from '../../renderer/bridge';
import { sayError, sayWarning } from '../../renderer/i18n/core-messages';
import { setLanguage } from '../../renderer/i18n/index';
import { coreSaid } from '../../shared/core-messages';
import { type AppError, coreError, errorParam, toAppError } from '../../shared/errors';
import { RenderManifest } from '../../shared/job';

/*
 * The core's own words as the app shows them in Chinese: built by the real core functions
 * (the WeShop client's error mapping, needs attention), saved as render.json holds them, and
 * said by the renderer. Lives here because it crosses electron/ and renderer/.
 */

afterEach(async () => {
  await setLanguage('en');
});

describe("the core's words in the Chinese app", () => {
  it("says a stored warning in Chinese, the error it quotes too, WeShop's words as they are", async () => {
    const busy = mapHttpError({
      status: 503,
      json: { code: 50001, msg: 'upstream overloaded' },
      retryAfter: null,
      action: 'checking the run',
    });
    const warning = coreSaid('pollsFailing', {
      times: 3,
      last: errorParam(busy),
    });
    // As it is saved in render.json and read back.
    const manifest = RenderManifest.shape.warningRef.parse(warning.ref);
    await setLanguage('zh-CN');
    expect(sayWarning({ warning: warning.text, warningRef: manifest })).toBe(
      '连续 3 次未能查询运行状态，最近一次：查询运行状态时 WeShop 出现服务器错误（HTTP 503）：upstream overloaded。仍在重试，间隔会逐渐变长；WeShop 上的运行不受影响。',
    );
  });

  it('says needs attention in Chinese, with the label to look for and what happened', async () => {
    const attention = toAppError(
      needsAttentionError(coreError('timeout', 'noAnswer', { limit: '30 s', action: 'x' }), 'Walk'),
    );
    await setLanguage('zh-CN');
    const said = sayError(attention);
    expect(said).toContain('请在你的 WeShop 历史记录中查找“Walk”');
    expect(said).toContain('（经过：x时 WeShop 在 30 s 内没有响应）');
    expect(said).not.toMatch(/[A-Za-z]{4,} [a-z]{3,}/); // no English sentence left
  });

  it("says an IPC call's failure in Chinese when the core authored it, else as it came", async () => {
    await setLanguage('zh-CN');
    const keyError = toAppError(
      mapHttpError({
        status: 200,
        json: { code: 40004 },
        retryAfter: null,
        action: 'checking the key',
      }),
    );
    expect(errorMessage(new BridgeCallError('key:set', keyError))).toBe(
      'WeShop API 密钥已过期。请在 open.weshop.ai 创建一个新密钥。',
    );
    const plain = new BridgeCallError('key:set', { kind: 'internal', message: 'EIO: i/o error' });
    expect(errorMessage(plain)).toBe('EIO: i/o error');
  });

  it("says a picture New render cannot use in Chinese (the upload line's error)", async () => {
    const folder = await mkdtemp(join(tmpdir(), 'core-words-'));
    try {
      const empty = join(folder, 'empty.png');
      await writeFile(empty, '');
      const refused = await inspectImage(empty).catch((error: unknown) => toAppError(error));
      await setLanguage('zh-CN');
      expect(errorMessage(new BridgeCallError('image:prepare', refused as AppError))).toBe(
        `图片文件是空的（0 字节）：${empty}`,
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
