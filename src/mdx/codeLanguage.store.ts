/**
 * The learner's code language ("Python", "Node.js", "TypeScript" …): chosen in any tab set, it selects
 * the same language in every tab set on every page, and is remembered (coldstart:code-language).
 */
import * as shape from '../platform/shape';
import { createPersistedStore } from '../platform/persist';
import type { KeyValueStorage } from '../platform/storage';

export const CODE_LANGUAGE_VERSION = 1;

export interface CodeLanguageSaved {
  /** A tab label as languageLabel() returns it; null until the learner picks one. */
  language: string | null;
}

export interface CodeLanguageState extends CodeLanguageSaved {
  choose(language: string): void;
}

export const codeLanguageSchema = shape.object<CodeLanguageSaved>({
  language: shape.nullable(shape.string(1)),
});

export function createCodeLanguageStore(options: { storage?: KeyValueStorage } = {}) {
  return createPersistedStore<CodeLanguageState, CodeLanguageSaved>(
    {
      name: 'code-language',
      version: CODE_LANGUAGE_VERSION,
      schema: codeLanguageSchema,
      partialize: ({ language }) => ({ language }),
      ...(options.storage ? { storage: options.storage } : {}),
    },
    (set) => ({
      language: null,
      choose: (language) => set({ language }),
    }),
  );
}

export const useCodeLanguageStore = createCodeLanguageStore();
