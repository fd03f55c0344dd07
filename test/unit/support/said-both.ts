import { BridgeCallError, errorMessage } from '../../../renderer/bridge';
import { setLanguage } from '../../../renderer/i18n/index';
import { toAppError } from '../../../shared/errors';

/**
 * What `call` throws, as the CLI prints it (English) and as the Chinese app says it: the error
 * goes through toAppError (what IPC sends) and the renderer's errorMessage in zh-CN. The
 * language is English again afterwards.
 */
export async function englishAndChinese(
  call: () => unknown,
): Promise<{ english: string; said: string }> {
  let thrown: unknown = null;
  try {
    await call();
  } catch (error) {
    thrown = error;
  }
  if (thrown === null) throw new Error('expected an error');
  const appError = toAppError(thrown);
  await setLanguage('zh-CN');
  const said = errorMessage(new BridgeCallError('render:list', appError));
  await setLanguage('en');
  return { english: appError.message, said };
}
