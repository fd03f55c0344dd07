import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { lintWorkflows } from '../lint/actionlint';
import { unpackedExecutable } from '../packaged/packaged-app';

// The release pipeline cannot run here (it needs the Electron binary and three OSes): this
// checks it passes actionlint and does what docs/releasing.md says, in that order.
const root = join(import.meta.dirname, '..', '..');
const Step = z
  .object({
    name: z.string().optional(),
    uses: z.string().optional(),
    run: z.string().optional(),
    if: z.string().optional(),
    env: z.record(z.string(), z.string()).optional(),
  })
  .loose();
const Workflow = z.object({
  on: z.object({ push: z.object({ tags: z.array(z.string()) }) }).loose(),
  jobs: z.object({
    app: z.object({
      strategy: z.object({
        'fail-fast': z.literal(false),
        matrix: z.object({
          include: z.array(
            z.object({
              name: z.string(),
              os: z.string(),
              builder: z.string(),
              unpacked: z.string(),
            }),
          ),
        }),
      }),
      steps: z.array(Step),
    }),
    'draft-release': z.object({ if: z.string(), needs: z.string(), steps: z.array(Step) }).loose(),
  }),
});
const workflow = Workflow.parse(
  parse(readFileSync(join(root, '.github', 'workflows', 'release.yml'), 'utf8')),
);
const steps = workflow.jobs.app.steps;
const stepAt = (pattern: RegExp) => {
  const at = steps.findIndex((step) => pattern.test(`${step.run ?? ''} ${step.uses ?? ''}`));
  expect(at, String(pattern)).toBeGreaterThanOrEqual(0);
  return at;
};

describe('the release workflow', () => {
  it('passes actionlint', async () => {
    const { files, findings } = await lintWorkflows();
    expect(files.map((file) => file.replaceAll('\\', '/'))).toContainEqual(
      expect.stringMatching(/\.github\/workflows\/release\.yml$/),
    );
    expect(findings).toEqual([]);
  });

  it('builds macOS arm64, Windows x64 and Linux x64, and checks each where electron-builder puts it', () => {
    const matrix = workflow.jobs.app.strategy.matrix.include;
    const platformOf = { macOS: 'darwin', Windows: 'win32', Linux: 'linux' } as const;
    expect(matrix.map((entry) => [entry.name, entry.builder])).toEqual([
      ['macOS arm64', '--mac --arm64'],
      ['Windows x64', '--win --x64'],
      ['Linux x64', '--linux --x64'],
    ]);
    for (const entry of matrix) {
      const [os, arch] = entry.name.split(' ') as ['macOS' | 'Windows' | 'Linux', string];
      expect(entry.unpacked, entry.name).toBe(
        unpackedExecutable('release', platformOf[os], arch).replaceAll('\\', '/'),
      );
    }
  });

  it('runs, in order: install with Electron, typecheck, unit tests, build, E2E on real Electron, package, smoke tests, upload', () => {
    const order = [
      stepAt(/^npm ci\b/m),
      stepAt(/npm run -s typecheck/),
      stepAt(/npx vitest run/),
      stepAt(/npm run -s build/),
      stepAt(/npx playwright test/),
      stepAt(/electron-builder .*--publish never/),
      stepAt(/app-smoke\.ts/),
      stepAt(/cli-smoke\.ts/),
      stepAt(/actions\/upload-artifact/),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // npm ci downloads the Electron binary: nothing may skip it.
    expect(JSON.stringify(workflow)).not.toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
  });

  it('runs the E2E suite against Electron, under Xvfb and a throwaway keyring on Linux', () => {
    const e2e = steps[stepAt(/npx playwright test/)];
    expect(e2e?.env?.KLING_E2E_TARGET).toBe('electron');
    expect(e2e?.run).toMatch(/xvfb-run .*with-keyring\.sh npx playwright test/);
    // The CLI smoke test runs on Linux without a display (the launcher makes it headless).
    expect(steps[stepAt(/cli-smoke\.ts/)]?.run).not.toMatch(/xvfb-run[^\n]*cli-smoke/);
    // The AppImage is started where libfuse2 is absent.
    expect(steps.map((step) => step.run ?? '').join('\n')).toContain(
      "apt-get remove -y 'libfuse2*'",
    );
  });

  it('signs and notarizes only with the secrets docs/releasing.md names, and says when it does not', () => {
    const signing = steps[stepAt(/signing-env\.sh/)];
    const secrets = Object.values(signing?.env ?? {}).map(
      (value) => /secrets\.([A-Z_]+)/.exec(value)?.[1],
    );
    const docs = readFileSync(join(root, 'docs', 'releasing.md'), 'utf8');
    for (const secret of secrets) expect(docs, String(secret)).toContain(`\`${secret}\``);
    const script = readFileSync(join(root, 'test', 'packaged', 'signing-env.sh'), 'utf8');
    expect(script).toContain('::notice');
    expect(steps[stepAt(/electron-builder /)]?.run).toContain('-c.forceCodeSigning=true');
  });

  it('drafts a GitHub Release only for a v* tag', () => {
    expect(workflow.on.push.tags).toEqual(['v*']);
    expect(workflow.jobs['draft-release'].if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(workflow.jobs['draft-release'].steps.some((step) => step.run?.includes('--draft'))).toBe(
      true,
    );
  });
});
