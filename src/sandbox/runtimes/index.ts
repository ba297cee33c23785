/**
 * The runtimes the sandbox can run, as data: which worker script family serves each, whether its worker must
 * be a module worker, and how many booted spares the frame keeps (a Python interpreter takes seconds to boot
 * and ~110 MB, so one spare; a Node.js worker boots in ~20 ms and is small, so two). The page-side assets for
 * each family are in ../assets.ts; the runtime modules themselves in ./nodejs (and, next, ./python).
 */
import type { CodeRuntimeId } from '../../sim/lambda/host';

export type RuntimeFamily = 'nodejs' | 'python';

export interface SandboxRuntime {
  id: CodeRuntimeId;
  family: RuntimeFamily;
  workerType: 'classic' | 'module';
  spares: number;
  /** False until the runtime's module and assets exist (python3.14: issue #13). */
  available: boolean;
}

export const SANDBOX_RUNTIMES: Readonly<Record<CodeRuntimeId, SandboxRuntime>> = {
  'nodejs22.x': { id: 'nodejs22.x', family: 'nodejs', workerType: 'classic', spares: 2, available: true },
  'nodejs24.x': { id: 'nodejs24.x', family: 'nodejs', workerType: 'classic', spares: 2, available: true },
  // Two spares: a failed init is retried in a new process at the next invoke (Lambda's suppressed init), and
  // that process must not wait seconds for an interpreter to boot within the function's timeout.
  // Classic, not module: Chromium refuses a module worker from a blob URL in the opaque-origin frame (measured in
  // e2e), while a classic worker may still import() Pyodide's ES modules from blob URLs it makes itself.
  'python3.14': { id: 'python3.14', family: 'python', workerType: 'classic', spares: 2, available: true },
};
