import { describe, expect, it } from 'vitest';
import {
  billedDurationMs,
  createRequestIdGenerator,
  formatAppLog,
  formatEnd,
  formatInitReport,
  formatInitStart,
  formatReport,
  formatStart,
  formatTimeoutLine,
  isoTimestamp,
  timeoutErrorResponse,
} from './logs';

const ID = '6f1c2a4e-9b7d-4c3e-8a21-0f5e6d7c8b9a';

describe('log lines, byte for byte', () => {
  it('START / END', () => {
    expect(formatStart(ID)).toBe('START RequestId: 6f1c2a4e-9b7d-4c3e-8a21-0f5e6d7c8b9a Version: $LATEST');
    expect(formatStart(ID, '3')).toBe('START RequestId: 6f1c2a4e-9b7d-4c3e-8a21-0f5e6d7c8b9a Version: 3');
    expect(formatEnd(ID)).toBe('END RequestId: 6f1c2a4e-9b7d-4c3e-8a21-0f5e6d7c8b9a');
  });

  it('REPORT: tab-separated, Init Duration last and only when given', () => {
    expect(
      formatReport({
        requestId: ID,
        durationMs: 12.34,
        billedMs: 196,
        memoryMb: 128,
        maxMemoryUsedMb: 67,
        initDurationMs: 183.21,
      }),
    ).toBe(
      'REPORT RequestId: 6f1c2a4e-9b7d-4c3e-8a21-0f5e6d7c8b9a\tDuration: 12.34 ms\tBilled Duration: 196 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\tInit Duration: 183.21 ms',
    );
    expect(
      formatReport({ requestId: ID, durationMs: 3, billedMs: 3, memoryMb: 1024, maxMemoryUsedMb: 80.4 }),
    ).toBe(
      'REPORT RequestId: 6f1c2a4e-9b7d-4c3e-8a21-0f5e6d7c8b9a\tDuration: 3.00 ms\tBilled Duration: 3 ms\tMemory Size: 1024 MB\tMax Memory Used: 80 MB',
    );
  });

  it('INIT_START, INIT_REPORT', () => {
    expect(formatInitStart('python3.13')).toMatch(
      /^INIT_START Runtime Version: python:3\.13\.v24\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$/,
    );
    expect(formatInitStart('nodejs22.x')).toBe(formatInitStart('nodejs22.x'));
    expect(formatInitStart('nodejs22.x')).not.toBe(
      formatInitStart('nodejs24.x').replace('nodejs:24.v12', 'nodejs:22.v41'),
    );
    expect(formatInitReport({ initDurationMs: 9999.79, phase: 'init', status: 'timeout' })).toBe(
      'INIT_REPORT Init Duration: 9999.79 ms\tPhase: init\tStatus: timeout',
    );
  });

  it('timeout line and response', () => {
    expect(formatTimeoutLine(3005, ID, 3)).toBe(
      '2026-11-26T12:00:03.005Z 6f1c2a4e-9b7d-4c3e-8a21-0f5e6d7c8b9a Task timed out after 3.00 seconds',
    );
    expect(timeoutErrorResponse(ID, 900)).toBe(
      '{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: 6f1c2a4e-9b7d-4c3e-8a21-0f5e6d7c8b9a Error: Task timed out after 900.00 seconds"}',
    );
  });

  it('application log lines and timestamps', () => {
    expect(formatAppLog(0, ID, 'INFO', 'hello')).toBe(
      '2026-11-26T12:00:00.000Z\t6f1c2a4e-9b7d-4c3e-8a21-0f5e6d7c8b9a\tINFO\thello',
    );
    expect(isoTimestamp(1.9, Date.UTC(2020, 0, 1))).toBe('2020-01-01T00:00:00.001Z');
    // The kept last answer is per instant, not per call site: the same time, another epoch, and back.
    expect(isoTimestamp(1.2, Date.UTC(2020, 0, 1))).toBe('2020-01-01T00:00:00.001Z');
    expect(isoTimestamp(1.2, Date.UTC(2021, 0, 1))).toBe('2021-01-01T00:00:00.001Z');
    expect(isoTimestamp(2, Date.UTC(2020, 0, 1))).toBe('2020-01-01T00:00:00.002Z');
  });

  it('billed duration: rounded up to 1 ms, init included unless told otherwise', () => {
    expect(billedDurationMs(12.34)).toBe(13);
    expect(billedDurationMs(12)).toBe(12);
    expect(billedDurationMs(0.1 + 0.2 + 11.7)).toBe(12); // float noise does not add a millisecond
    expect(billedDurationMs(12.34, 183.21)).toBe(196);
    expect(billedDurationMs(12.34, 183.21, { initBilled: false })).toBe(13);
  });

  it('request ids: uuid v4 shape, deterministic per seed, distinct', () => {
    const g = createRequestIdGenerator(1);
    const ids = Array.from({ length: 10_000 }, (_, i) => g(i));
    for (const id of ids.slice(0, 200))
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(createRequestIdGenerator(1)(5)).toBe(ids[5]);
    expect(createRequestIdGenerator(2)(5)).not.toBe(ids[5]);
  });
});
