/** Child: the reference — a plain loop reading and parsing every render.json in a cold process. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { childInput, reportResult } from './child';

const { home } = childInput<{ home: string }>();
const started = performance.now();
const renders = join(home, 'renders');
const manifests: unknown[] = [];
for (const name of await readdir(renders)) {
  manifests.push(JSON.parse(await readFile(join(renders, name, 'render.json'), 'utf8')));
}
const ms = performance.now() - started;
reportResult({ ms, count: manifests.length, total: manifests.length });
