import { z } from 'zod';

// The renderer's CSP forbids eval. zod 4 would otherwise probe `new Function` on first parse
// (a CSP violation in the console) and, where the probe ran before the CSP applied, compile
// parsers with eval that then throw. Imported first so it precedes every schema's first use.
z.config({ jitless: true });
