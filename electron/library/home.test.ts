import { describe, expect, it } from 'vitest';
import { resolveLibraryHome } from './home';

describe('resolveLibraryHome', () => {
  it('lets KLING_STUDIO_HOME win on every platform', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      expect(
        resolveLibraryHome(
          { KLING_STUDIO_HOME: '/data/ks', APPDATA: 'C:\\x' },
          platform,
          '/home/me',
        ),
      ).toBe('/data/ks');
    }
  });

  it('uses Application Support on macOS', () => {
    expect(resolveLibraryHome({}, 'darwin', '/Users/me')).toBe(
      '/Users/me/Library/Application Support/Kling Studio',
    );
  });

  it('uses %APPDATA% on Windows, falling back to the roaming folder under the home', () => {
    expect(
      resolveLibraryHome({ APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'win32', 'C:\\Users\\me'),
    ).toBe('C:\\Users\\me\\AppData\\Roaming\\Kling Studio');
    expect(resolveLibraryHome({}, 'win32', 'C:\\Users\\me')).toBe(
      'C:\\Users\\me\\AppData\\Roaming\\Kling Studio',
    );
  });

  it('uses XDG_DATA_HOME on Linux, else ~/.local/share, ignoring a relative XDG_DATA_HOME', () => {
    expect(resolveLibraryHome({ XDG_DATA_HOME: '/xdg' }, 'linux', '/home/me')).toBe(
      '/xdg/kling-studio',
    );
    expect(resolveLibraryHome({}, 'linux', '/home/me')).toBe('/home/me/.local/share/kling-studio');
    expect(resolveLibraryHome({ XDG_DATA_HOME: 'rel/dir' }, 'linux', '/home/me')).toBe(
      '/home/me/.local/share/kling-studio',
    );
    expect(resolveLibraryHome({ KLING_STUDIO_HOME: '  ' }, 'freebsd', '/home/me')).toBe(
      '/home/me/.local/share/kling-studio',
    );
  });
});
