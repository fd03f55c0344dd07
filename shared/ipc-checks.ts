import { AppError } from './errors';
import { IPC, type IpcChannel, type IpcResponse, type IpcResult } from './ipc';

/**
 * Checks what a channel answered against the channel map, as events are checked before they
 * are sent: an ok value must parse with the channel's response schema, an error must be an
 * AppError. A mismatch becomes an 'internal' error that names the channel and the first
 * problem, so a core (or a fake of it) that drifts from shared/ipc.ts fails loudly where it is
 * checked: main in development (electron/app/checked-dispatch.ts) and every test bridge.
 */
export function checkIpcResult<C extends IpcChannel>(
  channel: C,
  result: unknown,
): IpcResult<IpcResponse<C>> {
  const answer = result as IpcResult<unknown> | null | undefined;
  if (answer?.ok === true) {
    const parsed = IPC[channel].response.safeParse(answer.value);
    if (parsed.success) return { ok: true, value: parsed.data as IpcResponse<C> };
    return contractBroken(channel, parsed.error.issues[0]);
  }
  if (answer?.ok === false) {
    const parsed = AppError.safeParse(answer.error);
    if (parsed.success) return { ok: false, error: parsed.data };
    return contractBroken(channel, parsed.error.issues[0]);
  }
  return contractBroken(channel, undefined);
}

function contractBroken(
  channel: IpcChannel,
  issue: { path: readonly PropertyKey[]; message: string } | undefined,
): { ok: false; error: AppError } {
  const where = issue?.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
  const problem = issue ? `${issue.message}${where}` : 'not an IpcResult';
  return {
    ok: false,
    error: {
      kind: 'internal',
      message: `The answer to "${channel}" does not match shared/ipc.ts: ${problem}`,
    },
  };
}
