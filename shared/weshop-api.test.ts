import { describe, expect, it } from 'vitest';
import {
  PollResponse,
  readExecutionId,
  readRunSnapshot,
  readUploadedUrl,
  StartRunResponse,
  UploadResponse,
} from './weshop-api';

describe('reading WeShop bodies', () => {
  it('reads the execution id from data, then meta, then taskId', () => {
    const read = (body: unknown) => readExecutionId(StartRunResponse.parse(body));
    expect(read({ success: true, data: { executionId: 'a' }, meta: { executionId: 'b' } })).toBe(
      'a',
    );
    expect(read({ success: true, data: {}, meta: { executionId: 'b' } })).toBe('b');
    expect(read({ success: true, data: { taskId: 42 } })).toBe('42');
    expect(StartRunResponse.safeParse({ success: true, data: {} }).success).toBe(false);
  });

  it('reads data.image or data.imageUrl from an upload', () => {
    expect(readUploadedUrl(UploadResponse.parse({ data: { image: 'https://x/a.png' } }))).toBe(
      'https://x/a.png',
    );
    expect(readUploadedUrl(UploadResponse.parse({ data: { imageUrl: 'https://x/b.png' } }))).toBe(
      'https://x/b.png',
    );
    expect(UploadResponse.safeParse({ data: {} }).success).toBe(false);
  });

  it('takes the last execution state and every video across executions', () => {
    const snapshot = readRunSnapshot(
      PollResponse.parse({
        success: true,
        data: {
          executions: [
            {
              status: 'Success',
              result: [{ video: 'https://c/1.mp4', videoPoster: 'https://c/1.jpg' }],
            },
            { status: 'Running', result: [{ video: 'https://c/2.mp4' }] },
          ],
        },
      }),
    );
    expect(snapshot.state).toBe('Running');
    expect(snapshot.videos).toEqual([
      { index: 0, url: 'https://c/1.mp4', posterUrl: 'https://c/1.jpg' },
      { index: 1, url: 'https://c/2.mp4' },
    ]);
  });

  it('treats Cancelled and Canceled alike, and unknown states as still running', () => {
    const state = (status: string) =>
      readRunSnapshot(PollResponse.parse({ data: { executions: [{ status }] } })).state;
    expect(state('Cancelled')).toBe('Canceled');
    expect(state('Canceled')).toBe('Canceled');
    expect(state('Queued-Somewhere')).toBe('Running');
    expect(readRunSnapshot(PollResponse.parse({ data: { status: 'Failed' } })).state).toBe(
      'Failed',
    );
  });

  it('carries any failure message the body holds', () => {
    const snapshot = readRunSnapshot(
      PollResponse.parse({
        data: { executions: [{ status: 'Failed', message: 'face not detected', result: [] }] },
      }),
    );
    expect(snapshot).toMatchObject({ state: 'Failed', message: 'face not detected', videos: [] });
  });

  it('a run is final only when every execution is, and keeps every delivered video', () => {
    const read = (executions: unknown[]) =>
      readRunSnapshot(PollResponse.parse({ data: { executions } }));
    const done = (n: number) => ({
      status: 'Success',
      result: [{ video: `https://cdn/${n}.mp4` }],
    });
    // The last execution says Success while an earlier one still runs: not final.
    const stillRunning = read([{ status: 'Running', result: [] }, done(2)]);
    expect(stillRunning).toMatchObject({ state: 'Running', final: false });
    expect(stillRunning.videos.map((v) => v.url)).toEqual(['https://cdn/2.mp4']);
    // The first delivered, the last failed: final, Failed, with the delivered video kept.
    const mixed = read([done(1), { status: 'Failed', failReason: 'policy', result: [] }]);
    expect(mixed).toMatchObject({ state: 'Failed', final: true, message: 'policy' });
    expect(mixed.videos.map((v) => v.url)).toEqual(['https://cdn/1.mp4']);
    expect(read([done(1), done(2)])).toMatchObject({ state: 'Success', final: true });
  });

  it('reads every legal envelope: status only, executions null, a result without video', () => {
    const statusOnly = readRunSnapshot(PollResponse.parse({ data: { status: 'Running' } }));
    expect(statusOnly).toMatchObject({ state: 'Running', final: false, videos: [] });
    const nullList = readRunSnapshot(
      PollResponse.parse({ data: { status: 'Success', executions: null } }),
    );
    expect(nullList).toMatchObject({ state: 'Success', final: true, videos: [] });
    const noVideo = readRunSnapshot(
      PollResponse.parse({
        data: { executions: [{ status: 'Success', result: [{ status: 'Success' }] }] },
      }),
    );
    expect(noVideo).toMatchObject({ state: 'Success', final: true, videos: [] });
  });
});

describe('what a run says it is (reported: agent, model, batch)', () => {
  const poll = (data: unknown) => readRunSnapshot(PollResponse.parse({ data })).reported;

  it('reads data.agentName and the params it was started with (initParams first)', () => {
    expect(
      poll({
        agentName: 'kling',
        initParams: { modelName: 'Kling_2_6', batchCount: 3 },
        executions: [{ status: 'Running', params: { modelName: 'Kling_3_0', batchCount: 1 } }],
      }),
    ).toEqual({ agentName: 'kling', modelName: 'Kling_2_6', batchCount: 3 });
  });

  it("falls back to the executions' params: a model they agree on, a batch only from one execution", () => {
    const executions = [
      { status: 'Success', params: { modelName: 'Kling_3_0', batchCount: '4' } },
      { status: 'Running', params: { modelName: 'Kling_3_0', batchCount: 4 } },
    ];
    expect(poll({ executions })).toEqual({ modelName: 'Kling_3_0' });
    expect(poll({ executions: executions.slice(0, 1) })).toEqual({
      modelName: 'Kling_3_0',
      batchCount: 4,
    });
    const disagreeing = [executions[0], { status: 'Running', params: { modelName: 'Kling_2_1' } }];
    expect(poll({ executions: disagreeing })).toBeUndefined();
  });

  it('leaves out what is missing or unreadable, and never fails the poll over it', () => {
    expect(poll({ status: 'Running' })).toBeUndefined();
    const odd = readRunSnapshot(
      PollResponse.parse({
        data: {
          agentName: 'kling',
          initParams: { modelName: '', batchCount: 'two' },
          executions: [{ status: 'Running', params: 'none' }],
        },
      }),
    );
    expect(odd).toMatchObject({ state: 'Running', reported: { agentName: 'kling' } });
    expect(odd.reported).toEqual({ agentName: 'kling' });
    expect(poll({ agentName: 42, initParams: null, executions: [] })).toBeUndefined();
  });
});
