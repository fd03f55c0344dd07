import { describe, expect, it } from 'vitest';
import { GET_KEY_URL } from '../../shared/settings';
import { isAllowedExternalUrl } from './external-links';
import { imagePathFromArgv } from './open-image';
import { isPermissionGranted } from './permissions';

describe('openExternal allowlist', () => {
  it("opens WeShop's key page and docs", () => {
    expect(isAllowedExternalUrl(GET_KEY_URL)).toBe(true);
    expect(isAllowedExternalUrl('https://open.weshop.ai/docs')).toBe(true);
  });

  it('refuses everything else', () => {
    for (const url of [
      'http://open.weshop.ai/authorization/apikey',
      'https://open.weshop.ai.evil.example/',
      'https://evil.example/?open.weshop.ai',
      'https://user:pw@open.weshop.ai/',
      'https://open.weshop.ai:8443/',
      'file:///etc/passwd',
      'smb://host/share',
      'javascript:alert(1)',
      'https://openapi.weshop.ai/openapi/v1',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});

describe('permissions', () => {
  const app = 'app://kling-studio/index.html';

  it('grants only full screen (the video player), only to our page', () => {
    expect(isPermissionGranted('fullscreen', app)).toBe(true);
    expect(isPermissionGranted('fullscreen', 'app://kling-studio')).toBe(true);
    expect(isPermissionGranted('fullscreen', 'https://open.weshop.ai')).toBe(false);
    expect(isPermissionGranted('fullscreen', '')).toBe(false);
  });

  it('denies everything the page does not use', () => {
    for (const permission of [
      'notifications',
      'media',
      'geolocation',
      'clipboard-read',
      'clipboard-sanitized-write',
      'midi',
      'midiSysex',
      'pointerLock',
      'openExternal',
      'hid',
      'serial',
      'usb',
      'fileSystem',
      'display-capture',
      'idle-detection',
      'storage-access',
      'window-management',
      'unknown',
    ]) {
      expect(isPermissionGranted(permission, app), permission).toBe(false);
    }
  });
});

describe('image path from a launch', () => {
  const files = new Set(['/photos/cat.png', '/home/me/Pictures/dog.JPG', '/photos/notes.txt']);
  const isFile = (path: string) => files.has(path);

  it('takes an existing image path (absolute, or relative to the launch directory)', () => {
    expect(
      imagePathFromArgv(['/opt/Kling Studio/kling-studio', '/photos/cat.png'], '/', isFile),
    ).toBe('/photos/cat.png');
    expect(imagePathFromArgv(['kling-studio', 'Pictures/dog.JPG'], '/home/me', isFile)).toBe(
      '/home/me/Pictures/dog.JPG',
    );
    // Chromium adds switches to a second instance's argv; the image is still found.
    expect(
      imagePathFromArgv(
        ['electron', '.', '--allow-file-access-from-files', '/photos/cat.png', '--enable-logging'],
        '/',
        isFile,
      ),
    ).toBe('/photos/cat.png');
  });

  it('ignores the executable, switches, other files and paths that do not exist', () => {
    expect(imagePathFromArgv(['/photos/cat.png'], '/', isFile)).toBeNull();
    expect(imagePathFromArgv(['app', '--icon=/photos/cat.png'], '/', isFile)).toBeNull();
    expect(imagePathFromArgv(['app', '/photos/notes.txt'], '/', isFile)).toBeNull();
    expect(imagePathFromArgv(['app', '/photos/missing.png'], '/', isFile)).toBeNull();
    expect(imagePathFromArgv(['app', '.'], '/', isFile)).toBeNull();
    expect(imagePathFromArgv(['app'], '/', isFile)).toBeNull();
  });
});
