// The one place the version lives is package.json; the bundler inlines it into the built CLI
// and the app, so `--version` reads no file at run time. (The Electron app's app.getVersion()
// reads the same package.json.)
import pkg from '../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
