// Preloaded with `node --require` in front of dist-electron/main.cjs: stands in for the
// 'electron' module (whose binary cannot run here) and records what touches it. A `--cli`
// run must never use it off macOS (no window, no single-instance lock; macOS hides its Dock icon,
// electron/shell/cli-mode.ts); any use ends the process with
// a recognisable message so the test can tell "the shell started" apart from a crash.
//
// With KLING_STUB_TRASH=<folder>, a delete's trash is faked as Electron's would behave for the
// CLI mode (electron/shell/cli-mode.ts): `app.whenReady()` resolves a moment later, and
// `shell.trashItem(path)` moves the path into that folder, refusing (as a rejected promise)
// if called before ready. Each call is appended to <folder>.log so the test can read the order.
const Module = require('node:module');
const { appendFileSync, renameSync } = require('node:fs');
const { basename, join } = require('node:path');
const load = Module._load;

const trashDir = process.env.KLING_STUB_TRASH;
let ready = false;
const note = (line) => trashDir && appendFileSync(`${trashDir}.log`, `${line}\n`);
const fakes = trashDir
  ? {
      app: {
        whenReady: () => {
          note('app.whenReady');
          return new Promise((resolve) =>
            setTimeout(() => {
              ready = true;
              note('ready');
              resolve();
            }, 20),
          );
        },
      },
      shell: {
        trashItem: async (path) => {
          note(`shell.trashItem ${path}`);
          if (!ready) throw new Error('electron-stub: shell.trashItem before the app was ready');
          renameSync(path, join(trashDir, basename(path)));
        },
      },
    }
  : {};

Module._load = function (request, ...rest) {
  if (request !== 'electron') return load.call(this, request, ...rest);
  return new Proxy(
    {},
    {
      get(_target, name) {
        if (Object.hasOwn(fakes, name)) return fakes[name];
        process.stderr.write(`electron-stub: the app shell used electron.${String(name)}\n`);
        process.exit(97);
      },
    },
  );
};
