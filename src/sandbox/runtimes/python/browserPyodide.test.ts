import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pyodidePackageFolder } from '../../testing/nodePyodide';
import { eagerFactorySource } from './browserPyodide';

describe('eagerFactorySource', () => {
  it("wraps Pyodide's module factory in parentheses and keeps it the module's default export", async () => {
    const source = fs.readFileSync(`${pyodidePackageFolder()}pyodide.asm.mjs`, 'utf8');
    const eager = eagerFactorySource(source);
    expect(eager).not.toBe(source);
    expect(eager.startsWith('var _createPyodideModule=(async function _createPyodideModule(')).toBe(true);
    expect(eager.length).toBe(source.length + 'var _createPyodideModule=()'.length + 1);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'eager-factory-'));
    try {
      const file = path.join(folder, 'pyodide.asm.mjs');
      fs.writeFileSync(file, eager);
      const imported = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { default: unknown };
      expect(typeof imported.default).toBe('function');
      expect((imported.default as { name: string }).name).toBe('_createPyodideModule');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('leaves a file laid out otherwise as it is', () => {
    const other = 'export default async function createModule() {}';
    expect(eagerFactorySource(other)).toBe(other);
    const twice =
      'async function _createPyodideModule(){;return moduleRtn}export default _createPyodideModule;' +
      ';return moduleRtn}export default _createPyodideModule;';
    expect(eagerFactorySource(twice)).toBe(twice);
  });
});
