import { describe, expect, it } from 'vitest';
import { migrateSettings, settingsSavedSchema } from './settings.store';

describe('migrateSettings (v1 → v2)', () => {
  it('maps the tri-state booleans onto the named choices and adds the editor mode', () => {
    expect(migrateSettings({ dark: true, reduceMotion: false }, 1)).toEqual({
      theme: 'dark',
      reducedMotion: 'no-preference',
      editorMode: 'monaco',
    });
    expect(migrateSettings({ dark: false, reduceMotion: true }, 1)).toMatchObject({
      theme: 'light',
      reducedMotion: 'reduce',
    });
    const follow = migrateSettings({ dark: null, reduceMotion: null }, 1);
    expect(follow).toMatchObject({ theme: 'system', reducedMotion: 'system' });
    expect(settingsSavedSchema.safeParse(follow).success).toBe(true);
  });

  it('rejects a wrong v1 shape and unknown versions', () => {
    expect(() => migrateSettings({ dark: 'yes', reduceMotion: null }, 1)).toThrow(/wrong shape/);
    expect(() => migrateSettings({ dark: true, reduceMotion: false }, 0)).toThrow(/unknown settings version/);
  });

  it('the v2 schema refuses unknown choices', () => {
    expect(
      settingsSavedSchema.safeParse({ theme: 'sepia', reducedMotion: 'system', editorMode: 'monaco' })
        .success,
    ).toBe(false);
  });
});
