/** What a poller needs from the mapping manager: the clock, invoking the function, and reporting. */
import type { Clock } from '../../clock';
import type { Invocation } from '../types';
import type { BatchRecord, MappingConfig } from './types';

export interface PollerHost {
  readonly clock: Clock;
  /** Epoch ms of virtual time 0. */
  readonly epochMs: number;
  readonly region: string;
  readonly accountId: string;
  /** A synchronous invoke of the mapping's function; `onEnd` may run before this returns (a rejected invoke). */
  invoke(config: MappingConfig, payload: unknown, onEnd: (invocation: Invocation) => void): void;
  /** Something about the mapping changed (views re-read it). */
  changed(config: MappingConfig): void;
  /** A fresh uuid-shaped id (request ids of records discarded without an invocation). */
  token(): string;
  /** Sends a discarded batch's record to the mapping's on-failure destination. */
  deliverFailure(config: MappingConfig, record: unknown): void;
}

const RECENT = 50;

/** The most recent batches, oldest first, bounded. */
export class RecentBatches {
  private readonly items: BatchRecord[] = [];

  add(record: BatchRecord): BatchRecord {
    this.items.push(record);
    if (this.items.length > RECENT) this.items.splice(0, this.items.length - RECENT);
    return record;
  }

  list(): readonly BatchRecord[] {
    return this.items.map((item) => ({ ...item }));
  }

  clear(): void {
    this.items.length = 0;
  }
}

/** Which invoke outcome a batch had, from the Invoke API's point of view. */
export function invocationProblem(invocation: Invocation): string | null {
  if (invocation.outcome === 'throttled') return 'PROBLEM: Function call throttled';
  if (invocation.outcome === 'success') return null;
  if (invocation.response && invocation.response.statusCode >= 400) {
    return `PROBLEM: Function call failed (${invocation.error?.errorType ?? invocation.response.statusCode})`;
  }
  if (invocation.lastResult === 'timeout') return 'PROBLEM: Function call failed (Sandbox.Timedout)';
  return `PROBLEM: Function call failed${invocation.error ? ` (${invocation.error.errorType})` : ''}`;
}

/** `{"batchItemFailures": [{"itemIdentifier": …}]}`: the ids reported failed, or null when the response is invalid. */
export function reportedFailures(payload: string | undefined, known: ReadonlySet<string>): string[] | null {
  if (payload === undefined) return [];
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  // An empty or null response, or an empty or null list, means every record succeeded (the partial batch
  // response pages for SQS and streams list these success conditions).
  if (value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return null;
  const failures = (value as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return [];
  if (!Array.isArray(failures)) return null;
  const ids: string[] = [];
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    // An empty, null, missing or unknown identifier makes the whole response invalid: the batch failed.
    if (typeof id !== 'string' || id === '' || !known.has(id)) return null;
    ids.push(id);
  }
  return ids;
}
