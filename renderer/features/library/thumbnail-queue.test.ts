import { describe, expect, it } from 'vitest';
import { createThumbnailQueue } from './thumbnail-queue';

function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('thumbnail queue', () => {
  it('captures one at a time, in request order, and saves each result', async () => {
    const pending = new Map<string, ReturnType<typeof deferred<string>>>();
    const saved: [string, string][] = [];
    const queue = createThumbnailQueue({
      capture: (url) => {
        const next = deferred<string>();
        pending.set(url, next);
        return next.promise;
      },
      save: async (id, dataUrl) => {
        saved.push([id, dataUrl]);
      },
    });
    queue.request('a', 'url-a');
    queue.request('b', 'url-b');
    queue.request('a', 'url-a');
    await Promise.resolve();
    expect([...pending.keys()]).toEqual(['url-a']);
    pending.get('url-a')?.resolve('jpeg-a');
    await expect.poll(() => [...pending.keys()]).toEqual(['url-a', 'url-b']);
    pending.get('url-b')?.resolve('jpeg-b');
    await queue.idle();
    expect(saved).toEqual([
      ['a', 'jpeg-a'],
      ['b', 'jpeg-b'],
    ]);
  });

  it('drops cancelled requests and does not retry a video that failed', async () => {
    const captured: string[] = [];
    const errors: string[] = [];
    const queue = createThumbnailQueue({
      capture: async (url) => {
        captured.push(url);
        if (url === 'broken') throw new Error('cannot decode');
        return 'jpeg';
      },
      save: async () => {},
      onError: (id) => errors.push(id),
    });
    queue.request('x', 'broken');
    queue.request('y', 'url-y');
    queue.cancel('y');
    await queue.idle();
    queue.request('x', 'broken');
    await queue.idle();
    expect(captured).toEqual(['broken']);
    expect(errors).toEqual(['x']);
  });

  it('picks up requests that arrive while the last one is settling', async () => {
    const saved: string[] = [];
    const queue = createThumbnailQueue({
      capture: async (url) => url,
      save: async (id) => {
        saved.push(id);
        if (id === 'first') queue.request('second', 'url-2');
      },
    });
    queue.request('first', 'url-1');
    await queue.idle();
    expect(saved).toEqual(['first', 'second']);
  });
});
