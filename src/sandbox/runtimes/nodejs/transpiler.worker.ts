/**
 * Sucrase, packaged as a script that a Node.js environment's worker evaluates only when a file needs it
 * (ES module syntax or TypeScript). It never loads in the course page itself. It hands its function over through
 * a global that the worker reads once and deletes.
 */
import { transform } from 'sucrase';

(
  self as unknown as { __coldstartTranspile: (source: string, mode: 'module' | 'typescript') => string }
).__coldstartTranspile = (source, mode) =>
  transform(source, {
    transforms: mode === 'typescript' ? ['typescript', 'imports'] : ['imports'],
    production: true,
  }).code;
