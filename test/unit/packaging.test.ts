import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

// `npm run dist` needs the Electron binary, which CI cannot download: this checks the
// config's shape instead, so a broken packaging config is caught before a release machine.
const root = join(import.meta.dirname, '..', '..');
const Targets = z.array(z.string()).nonempty();
const BuilderConfig = z.object({
  appId: z.string().regex(/^[a-z0-9.]+$/),
  productName: z.literal('Kling Studio'),
  directories: z.object({ output: z.string(), buildResources: z.literal('build') }),
  files: z.array(z.string()),
  asarUnpack: z.array(z.string()),
  mac: z.object({
    target: Targets,
    hardenedRuntime: z.literal(true),
    entitlements: z.string(),
    entitlementsInherit: z.string(),
    icon: z.string(),
  }),
  win: z.object({ target: Targets, icon: z.string() }),
  linux: z.object({ target: Targets, icon: z.string(), category: z.string() }),
});

describe('electron-builder.yml', () => {
  const config = BuilderConfig.parse(
    parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')),
  );
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

  it('targets dmg+zip, nsis, AppImage+deb', () => {
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it('unpacks keytar from the asar (native modules cannot load from inside it)', () => {
    expect(config.asarUnpack.some((glob) => glob.includes('keytar'))).toBe(true);
  });

  it('points at resources that exist', () => {
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit, config.mac.icon]) {
      expect(existsSync(join(root, file)), file).toBe(true);
    }
  });

  it('packs the built entry points that package.json names', () => {
    expect(pkg.main).toBe('dist-electron/main.cjs');
    expect(config.files).toContain('dist-electron/**');
    expect(config.files).toContain('dist/**');
    expect(pkg.scripts.dist).toContain('electron-builder');
  });
});
