import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CurlTransfer {
  /** curl's own time_total per transfer, summed (process start-up not included). */
  seconds: number;
  bytes: number;
}

/** Parses the lines written by `-w '%{time_total} %{size_download} %{size_upload}\n'`. */
function sumTransfers(stdout: string, field: 'download' | 'upload'): CurlTransfer {
  let seconds = 0;
  let bytes = 0;
  for (const line of stdout.trim().split('\n')) {
    const [time, down, up] = line.trim().split(/\s+/).map(Number);
    if (time === undefined || down === undefined || up === undefined || Number.isNaN(time)) {
      throw new Error(`unexpected curl output: ${line}`);
    }
    seconds += time;
    bytes += field === 'download' ? down : up;
  }
  return { seconds, bytes };
}

const WRITE_OUT = '%{time_total} %{size_download} %{size_upload}\\n';

/** `curl -o` of each URL in turn (one invocation, like a user fetching the files). */
export async function curlDownload(urls: readonly string[], dir: string): Promise<CurlTransfer> {
  const args = ['-sS', '--fail', '-w', WRITE_OUT];
  urls.forEach((url, i) => {
    args.push('-o', join(dir, `curl-${i}.bin`), url);
  });
  const { stdout } = await run('curl', args, { timeout: 120_000 });
  return sumTransfers(stdout, 'download');
}

/** `curl -F image=@file -H "Authorization: KEY"` to the upload endpoint. */
export async function curlUpload(file: string, url: string, key: string): Promise<CurlTransfer> {
  // The emulator's bench key, sent to its loopback API origin only (the command the brief names).
  const { stdout } = await run(
    'curl',
    [
      '-sS',
      '--fail',
      '-o',
      '/dev/null',
      '-w',
      WRITE_OUT,
      '-F',
      `image=@${file}`,
      '-H',
      `Authorization: ${key}`,
      url,
    ],
    { timeout: 120_000 },
  );
  return sumTransfers(stdout, 'upload');
}
