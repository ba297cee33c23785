/**
 * The learner's preferences: theme, reduced-motion override, editor mode.
 * Saved under `coldstart:settings` (version 2) and mirrored onto <html> by platform/documentTheme.
 */
import * as s from '../../platform/shape';
import { createPersistedStore } from '../../platform/persist';
import { bindDocumentSettings, type MotionSetting, type ThemeSetting } from '../../platform/documentTheme';

export type EditorMode = 'monaco' | 'plain';
export type { MotionSetting, ThemeSetting };

export interface SettingsSaved {
  theme: ThemeSetting;
  reducedMotion: MotionSetting;
  editorMode: EditorMode;
}

export interface SettingsState extends SettingsSaved {
  setTheme(theme: ThemeSetting): void;
  setReducedMotion(value: MotionSetting): void;
  setEditorMode(mode: EditorMode): void;
}

export const settingsSavedSchema = s.object<SettingsSaved>({
  theme: s.oneOf(['system', 'light', 'dark']),
  reducedMotion: s.oneOf(['system', 'reduce', 'no-preference']),
  editorMode: s.oneOf(['monaco', 'plain']),
});

/** Version 1 had two tri-state booleans (null = follow the system) and no editor choice. */
export const settingsV1Schema = s.object<{ dark: boolean | null; reduceMotion: boolean | null }>({
  dark: s.nullable(s.boolean()),
  reduceMotion: s.nullable(s.boolean()),
});

export const SETTINGS_VERSION = 2;

export const defaultSettings: SettingsSaved = {
  theme: 'system',
  reducedMotion: 'system',
  editorMode: 'monaco',
};

/** Pure. v1 `{ dark: boolean|null, reduceMotion: boolean|null }` → v2. */
export function migrateSettings(persisted: unknown, fromVersion: number): SettingsSaved {
  if (fromVersion !== 1) throw new Error(`unknown settings version ${fromVersion}`);
  const parsed = settingsV1Schema.safeParse(persisted);
  if (!parsed.success) throw new Error('version 1 settings have the wrong shape');
  const { dark, reduceMotion } = parsed.data;
  return {
    theme: dark === null ? 'system' : dark ? 'dark' : 'light',
    reducedMotion: reduceMotion === null ? 'system' : reduceMotion ? 'reduce' : 'no-preference',
    editorMode: 'monaco',
  };
}

export const useSettingsStore = createPersistedStore<SettingsState, SettingsSaved>(
  {
    name: 'settings',
    version: SETTINGS_VERSION,
    schema: settingsSavedSchema,
    migrate: migrateSettings,
    partialize: ({ theme, reducedMotion, editorMode }) => ({ theme, reducedMotion, editorMode }),
  },
  (set) => ({
    ...defaultSettings,
    setTheme: (theme) => set({ theme }),
    setReducedMotion: (reducedMotion) => set({ reducedMotion }),
    setEditorMode: (editorMode) => set({ editorMode }),
  }),
);

// Whoever loads the settings (the shell's theme toggle, the progress page) gets them applied to <html>.
bindDocumentSettings(useSettingsStore.getState, useSettingsStore.subscribe);
