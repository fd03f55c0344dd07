import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
    notarize: z.literal(true),
    entitlements: z.string(),
    entitlementsInherit: z.string(),
    icon: z.string(),
  }),
  win: z.object({
    target: Targets,
    icon: z.string(),
    signtoolOptions: z.object({ signingHashAlgorithms: z.array(z.literal('sha256')) }),
  }),
  linux: z.object({
    target: Targets,
    icon: z.string(),
    category: z.string(),
    mimeTypes: z.array(z.string()).nonempty(),
    executableName: z.string(),
    syncDesktopName: z.boolean().optional(),
    desktop: z.object({ entry: z.record(z.string(), z.string()) }),
  }),
  toolsets: z.object({ appimage: z.string() }),
  publish: z.array(z.object({ provider: z.string() }).loose()).nonempty(),
  electronFuses: z.record(z.string(), z.boolean()),
  fileAssociations: z.array(z.object({ ext: z.array(z.string()) })).nonempty(),
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

  it('ships better-sqlite3 (the library index) unpacked, with what finds its .node file', () => {
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config.files).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(config.files).toContain('node_modules/better-sqlite3/lib/**');
    // better-sqlite3's own dependencies at run time (`bindings` locates the .node file).
    for (const dep of ['bindings', 'file-uri-to-path'])
      expect(config.files).toContain(`node_modules/${dep}/**`);
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

  it('is valid for electron-builder itself (its own schema check, no binary needed)', async () => {
    // A typo in a key would otherwise only show up on a release machine.
    const require = createRequire(import.meta.url);
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as {
      DebugLogger: new (on: boolean) => unknown;
    };
    const raw: unknown = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
    await expect(validateConfiguration(raw, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('flips the security fuses at package time', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('signs macOS with the hardened runtime, notarizes, and never disables library validation', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.notarize).toBe(true);
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      const plist = readFileSync(join(root, file), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
      const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((match) => match[1]);
      expect(keys, file).toContain('com.apple.security.cs.allow-jit');
      for (const risky of [
        'com.apple.security.cs.disable-library-validation',
        'com.apple.security.cs.allow-unsigned-executable-memory',
        'com.apple.security.cs.allow-dyld-environment-variables',
        'com.apple.security.get-task-allow',
      ]) {
        expect(keys, `${file} ${risky}`).not.toContain(risky);
      }
    }
  });

  it('names the Linux window class what Electron sets, so docks match the window to the launcher', () => {
    // A faithful model of Electron 45: app.name is productName (else name); CHROME_DESKTOP is
    // package.json's desktopName, else a lowercased, hyphenated slug of app.name + ".desktop"
    // (lib/browser/init.ts, lib/browser/desktop-name.ts); the window's WM_CLASS and Wayland
    // app id are that name without ".desktop" (shell/browser/native_window_views.cc).
    const appName = String(pkg.productName ?? pkg.name).trim();
    const slug = appName
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
    const desktopName = String(pkg.desktopName ?? `${slug}.desktop`);
    const wmClass = desktopName.replace(/\.desktop$/, '');
    expect(wmClass).toBe('kling-studio');
    expect(config.linux.desktop.entry.StartupWMClass).toBe(wmClass);
    // electron-builder names the installed .desktop file after desktopName only with
    // syncDesktopName (LinuxTargetHelper.getDesktopFileName), else after executableName.
    expect(config.linux.syncDesktopName).toBe(true);
    expect(config.linux.executableName).toBe(wmClass);
  });

  it('ships desktop entry metadata and image associations for Linux', () => {
    expect(config.linux.desktop.entry).toMatchObject({ Name: 'Kling Studio' });
    expect(config.linux.desktop.entry.MimeType).toContain('image/png');
    expect(config.fileAssociations[0]?.ext).toEqual(expect.arrayContaining(['png', 'jpg', 'webp']));
  });

  it('builds the AppImage with the static (FUSE3) runtime, not the libfuse2 one', () => {
    // The installed electron-builder decides: the legacy FUSE2 build runs exactly when this
    // test's condition holds, and the value must be one its schema offers.
    const require = createRequire(import.meta.url);
    const targetSource = readFileSync(
      require.resolve('app-builder-lib/out/targets/appimage/AppImageTarget.js'),
      'utf8',
    );
    expect(targetSource).toContain('appimageTool == null || appimageTool === "0.0.0"');
    const schema = JSON.parse(
      readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'),
    ) as {
      definitions: {
        ToolsetConfig: { properties: { appimage: { anyOf: { enum?: string[] }[] } } };
      };
    };
    const offered = schema.definitions.ToolsetConfig.properties.appimage.anyOf.flatMap(
      (option) => option.enum ?? [],
    );
    const chosen = config.toolsets.appimage;
    expect(offered).toContain(chosen);
    expect(chosen).not.toBe('0.0.0');
    // 1.0.2's mksquashfs needs an older glibc than current build hosts have (#9598).
    expect(chosen).not.toBe('1.0.2');
  });

  it('publishes updates where electron-updater reads them, with signature checks on', () => {
    expect(config.publish[0]).toMatchObject({ provider: 'github', releaseType: 'release' });
    expect(config.win).not.toHaveProperty('verifyUpdateCodeSignature', false);
    // The updater ships inside main.cjs (bundled), so it needs no node_modules in the app.
    expect(pkg.dependencies['electron-updater']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('builds against a supported Electron (45 or newer)', () => {
    const version = String(pkg.devDependencies.electron);
    expect(Number(version.split('.')[0])).toBeGreaterThanOrEqual(45);
  });
});
