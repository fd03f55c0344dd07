import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../electron/engine/testing/harness';
import { BridgeCallError, errorMessage } from '../../renderer/bridge';
import { setLanguage } from '../../renderer/i18n/index';
import { whyNotAttachable } from '../../shared/attach';
import { toAppError } from '../../shared/errors';

/*
 * The engine's refusals of Retry, "Render the missing N" and "I found the run…" as the app
 * shows them in Chinese: thrown by the real engine, sent over IPC as an AppError and said by
 * the renderer's errorMessage. The English (what the CLI prints) is checked beside them.
 */

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await setLanguage('en');
});

const local = { image: '/pictures/cat.png', prompt: 'the cat slowly turns its head' };

/** What the app shows for a refusal thrown by `call`, in the chosen language. */
async function shown(call: () => Promise<unknown>): Promise<{ english: string; said: string }> {
  const error = await call().then(
    () => null,
    (e: unknown) => e,
  );
  if (error === null) throw new Error('expected a refusal');
  const appError = toAppError(error);
  await setLanguage('zh-CN');
  const said = errorMessage(new BridgeCallError('render:retry', appError));
  await setLanguage('en');
  return { english: appError.message, said };
}

const noEnglishSentence = /[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}/;

describe('Retry, render the missing and attach refusals in the Chinese app', () => {
  it('a retry of a render another process drives', async () => {
    h = await createHarness();
    const job = await h.engine.queue(local);
    await h.engine.idle();
    await h.library.update(job.id, (m) => {
      m.state = 'failed';
      delete m.executionId;
      delete m.startSentAt;
    });
    const other = await h.restart();
    await other.library.claim(job.id);
    const { english, said } = await shown(() => (h as Harness).engine.retry(job.id));
    expect(english).toMatch(
      /^This render is being driven by another Kling Studio process \(.+\); retry it there, or wait for it to finish\.$/,
    );
    expect(said).toMatch(
      /^这次渲染正由另一个 Kling Studio 进程（.+）处理；请在那里重试，或等它完成。$/,
    );
  });

  it('a retry of a render that has not ended, its state named in Chinese', async () => {
    h = await createHarness();
    const job = await h.engine.queue(local);
    await h.engine.idle();
    const { english, said } = await shown(() => (h as Harness).engine.retry(job.id));
    expect(english).toBe(
      'Only failed, canceled or needs-attention renders can be retried; this one is done',
    );
    expect(said).toBe('只有失败、已取消或需要处理的渲染可以重试；这次渲染的状态：已完成');
  });

  it('a retry that may charge twice, before it is confirmed', async () => {
    h = await createHarness();
    const job = await h.engine.queue(local);
    await h.engine.idle();
    await h.library.update(job.id, (m) => {
      m.state = 'needs-attention';
      m.startSentAt = new Date().toISOString();
      delete m.executionId;
    });
    const { english, said } = await shown(() => (h as Harness).engine.retry(job.id));
    expect(english).toMatch(/^This render's start may have reached WeShop/);
    expect(said).toMatch(/^这次渲染的启动请求可能已到达 WeShop/);
  });

  it('render the missing of a render that is not partial', async () => {
    h = await createHarness();
    const job = await h.engine.queue(local);
    await h.engine.idle();
    const { english, said } = await shown(() => (h as Harness).engine.renderMissing(job.id));
    expect(english).toBe('Only a partial render has missing videos to render; this one is done');
    expect(said).toBe('只有部分交付的渲染才有缺少的视频可渲染；这次渲染的状态：已完成');
  });

  it('a found run that does not match the render, each difference in Chinese', async () => {
    h = await createHarness();
    h.fake.addRun('other-run', {
      states: ['Success'],
      reported: { agentName: 'kling-O1', modelName: 'Kling_2_6', batchCount: 4 },
    });
    const created = await h.library.create(local);
    await h.library.update(created.id, (m) => {
      Object.assign(m, { state: 'needs-attention', startSentAt: new Date().toISOString() });
    });
    const { english, said } = await shown(() =>
      (h as Harness).engine.attach(created.id, 'other-run'),
    );
    expect(english).toBe(
      `Run other-run does not match render ${created.id}: it is a kling-O1 run, not a kling one; its model is Kling_2_6, this render's is Kling_3_0; it makes 4 videos, this render asked for 1 video. Nothing was changed; check that you copied the run named after this render.`,
    );
    expect(said).toBe(
      `运行 other-run 与渲染 ${created.id} 不符：它是 kling-O1 的运行，而不是 kling 的；它的模型是 Kling_2_6，这次渲染的是 Kling_3_0；它生成 4 个视频，这次渲染要求 1 个视频。没有做任何更改；请确认你复制的是以这次渲染命名的运行。`,
    );
  });

  it('why a render cannot take a found run', async () => {
    const why = whyNotAttachable({ id: 'r-1', state: 'done', executionId: 'run-9' });
    expect(why.text).toBe('Render r-1 already has its run (run-9); nothing to attach');
    const never = whyNotAttachable({ id: 'r-2', state: 'failed' });
    await setLanguage('zh-CN');
    const say = (w: typeof why) =>
      errorMessage(
        new BridgeCallError('render:attach', {
          kind: 'invalid-input',
          message: w.text,
          messageRef: w.ref,
        }),
      );
    expect(say(why)).toBe('渲染 r-1 已经有它的运行（run-9）；无需关联');
    expect(say(never)).toBe(
      '渲染 r-2 从未向 WeShop 发送启动请求，因此没有可关联的运行（它的状态：失败）',
    );
    expect(say(never)).not.toMatch(noEnglishSentence);
  });
});
