import { describe, expect, it } from 'vitest';
import { renderRecord, type FunctionRecord } from './invocationLog';

function pythonRecord(level: FunctionRecord['level'], logFormat: 'Text' | 'JSON'): FunctionRecord {
  return {
    type: 'function',
    time: 0,
    logFormat,
    functionName: 'fn',
    version: '$LATEST',
    runtime: 'python3.14',
    environmentId: 1,
    logStream: '2026/12/01/[$LATEST]0',
    requestId: 'req-1',
    level,
    message: 'careful',
    fields: { message: 'careful', logger: 'root' },
  };
}

describe('Python records', () => {
  it("name WARN and FATAL as Python's logging does ([WARNING], [CRITICAL]), in text and in JSON", () => {
    expect(renderRecord(pythonRecord('WARN', 'Text'), 0)[0]).toMatch(/^\[WARNING\]\t\S+\treq-1\tcareful$/);
    expect(renderRecord(pythonRecord('FATAL', 'Text'), 0)[0]).toMatch(/^\[CRITICAL\]\t/);
    expect(renderRecord(pythonRecord('INFO', 'Text'), 0)[0]).toMatch(/^\[INFO\]\t/);
    expect(JSON.parse(renderRecord(pythonRecord('WARN', 'JSON'), 0)[0]!)).toMatchObject({
      level: 'WARNING',
      message: 'careful',
      logger: 'root',
      requestId: 'req-1',
    });
  });
});
