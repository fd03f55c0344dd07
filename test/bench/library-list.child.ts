/** Child: a cold process opening the library and listing every render (what the app's Library does). */
import { createLibrary } from '../../electron/library/library';
import { childInput, reportResult } from './child';

const { home } = childInput<{ home: string }>();
const started = performance.now();
const library = createLibrary({ home });
const { items, total } = await library.list();
const ms = performance.now() - started;
await library.close();
reportResult({ ms, count: items.length, total });
