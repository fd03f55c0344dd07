import type { Preset } from '../../../shared/presets';
import { templateVariables } from '../../../shared/presets';
import { createPresetStore } from '../../presets/preset-store';
import { EXIT } from '../exit-codes';
import type { CliIo } from '../io';
import { libraryHome } from '../open-library';
import { printJson, printLine } from '../output';
import { type TypedSettings, typedSettingFields } from '../request-input';
import { cliLogger } from './logs';

export type PresetSaveOptions = TypedSettings;

const openStore = (io: CliIo) =>
  createPresetStore({
    home: libraryHome(io),
    onProblem: (message, fields) => {
      cliLogger(io).warn(message, fields);
      io.stderr.write(`warning: ${message}\n`);
    },
  });

const describePreset = (p: Preset) => {
  const vars = templateVariables(p.promptTemplate);
  const settings = `${p.model}, ${p.duration}${p.generateAudio ? ', audio' : ''}, ${p.batchCount} video${p.batchCount === 1 ? '' : 's'}`;
  return `${p.name}: ${settings}${vars.length ? `; variables ${vars.map((v) => `{${v}}`).join(' ')}` : ''}\n  ${p.promptTemplate}`;
};

/** `preset save NAME --prompt TEMPLATE …`: the preset schema decides what is valid. */
export async function presetSave(io: CliIo, name: string, options: PresetSaveOptions) {
  const draft = { name, promptTemplate: options.prompt, ...typedSettingFields(options) };
  const saved = await openStore(io).save(draft);
  if (options.json) printJson(io, saved);
  else printLine(io, `saved preset ${describePreset(saved)}`);
  return EXIT.ok;
}

export async function presetList(io: CliIo, options: { json?: boolean }) {
  const presets = await openStore(io).list();
  if (options.json) printJson(io, presets);
  else if (presets.length === 0)
    printLine(io, 'no presets saved (kling-studio preset save NAME --prompt TEMPLATE)');
  else for (const preset of presets) printLine(io, describePreset(preset));
  return EXIT.ok;
}

export async function presetDelete(io: CliIo, name: string) {
  await openStore(io).remove(name);
  printLine(io, `deleted preset ${name}`);
  return EXIT.ok;
}
