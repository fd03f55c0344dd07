import { KlingError } from '../../shared/errors';
import type { InputStream, OutputStream } from './io';

/** Far more than any API key; stops `cat big-file | kling-studio key set` from eating memory. */
const MAX_PIPED_BYTES = 8 * 1024;

/** The first non-empty line of piped stdin (`echo "$KEY" | kling-studio key set`). */
export async function readPipedSecret(stdin: InputStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.length > MAX_PIPED_BYTES) {
      throw new KlingError('invalid-input', 'The input on stdin is far too long to be an API key');
    }
  }
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '');
  if (!line)
    throw new KlingError('invalid-input', 'No API key on stdin (pipe the key in, one line)');
  return line.trim();
}

/**
 * Asks for the key at a terminal without echoing it (raw mode, nothing written back), so it
 * is neither on screen nor in the shell's history. Ctrl-C or Ctrl-D ends with 'canceled'.
 */
export function promptHiddenSecret(
  stdin: InputStream,
  stderr: OutputStream,
  question: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    stderr.write(question);
    stdin.setRawMode?.(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    const finish = (error: KlingError | null) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(value.trim());
    };
    const onData = (chunk: string | Buffer) => {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      for (const char of text) {
        if (char === '\r' || char === '\n') return finish(null);
        if (char === '\u0003' || char === '\u0004') {
          return finish(new KlingError('canceled', 'No key entered; nothing was changed'));
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    };
    stdin.on('data', onData);
  });
}
