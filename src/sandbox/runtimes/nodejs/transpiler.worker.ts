/**
 * Sucrase, packaged as a classic script that a worker evaluates only when the handler needs it
 * (TypeScript, or ES module syntax). It never loads in the course page itself.
 */
import { transform } from 'sucrase';

(
  self as unknown as { __coldstartTranspile: (code: string, language: string) => string }
).__coldstartTranspile = (code, language) =>
  transform(code, {
    transforms: language === 'typescript' ? ['typescript', 'imports'] : ['imports'],
    production: true,
  }).code;
