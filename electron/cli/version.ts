// The one place the version lives is package.json; the bundler inlines it into the built CLI
// and the app, so `--version` reads no file at run time.
import pkg from '../../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
