// Preloaded with `node --require` in front of dist-electron/main.cjs: stands in for the
// 'electron' module (whose binary cannot run here) and records what touches it. A `--cli`
// run must never use it off macOS (no window, no single-instance lock; macOS hides its Dock icon,
// electron/shell/cli-mode.ts); any use ends the process with
// a recognisable message so the test can tell "the shell started" apart from a crash.
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request !== 'electron') return load.call(this, request, ...rest);
  return new Proxy(
    {},
    {
      get(_target, name) {
        process.stderr.write(`electron-stub: the app shell used electron.${String(name)}\n`);
        process.exit(97);
      },
    },
  );
};
