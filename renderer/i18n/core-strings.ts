import { CORE_MESSAGES } from '../../shared/core-messages';
import { CORE_MESSAGES_ZH } from '../../shared/core-messages-zh';
import { defineStrings } from './define-strings';

/**
 * Words the core authors (shared/core-messages.ts), namespace `core`: one key per message id.
 * English is shared's own table (written once: the app and the CLI say the same thing);
 * Chinese (shared/core-messages-zh.ts, which main says too) must have every id of it (the type and core-messages.test.ts check it), so a message
 * added in shared without its Chinese fails there. `{{name}}` values come from its params.
 */
export const strings = defineStrings({
  en: CORE_MESSAGES,
  'zh-CN': CORE_MESSAGES_ZH,
});
