import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Browser globals that only src/platform/ (and the sandbox runtime) may touch.
const platformOnly = ['localStorage', 'sessionStorage', 'indexedDB', 'requestAnimationFrame', 'cancelAnimationFrame'].map(
  (name) => ({ name, message: `Use src/platform/ instead of touching ${name} directly.` }),
);

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'public', '.bench', 'content'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'react-hooks/set-state-in-effect': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/platform/**', 'src/sandbox/**', '**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-globals': ['error', ...platformOnly] },
  },
  {
    // The simulation core is pure: no DOM, no real timers.
    files: ['src/sim/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...platformOnly,
        ...['window', 'document', 'setTimeout', 'setInterval', 'fetch', 'Worker'].map((name) => ({
          name,
          message: 'src/sim is pure TypeScript: inject effects instead.',
        })),
      ],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
