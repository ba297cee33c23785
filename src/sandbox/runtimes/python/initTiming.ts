/**
 * Runtime init as REPORT counts it for python3.14: modelled (src/sim/timing.ts), because Pyodide's boot is the
 * sandbox starting, not Lambda's runtime starting. The midpoint of the model's range. Its own small module so
 * the page's host can use it without loading the runtime.
 */
import { RUNTIMES } from '../../../sim/timing';

export function modelledPythonRuntimeInitMs(): number {
  const [low, high] = RUNTIMES['python3.14'].runtimeInitMs;
  return (low + high) / 2;
}
