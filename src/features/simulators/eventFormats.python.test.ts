import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessHost } from '../../sandbox/testing/inProcessHost';
import { nodePyodideLoader } from '../../sandbox/testing/nodePyodide';
import { createMemoryAccountStore } from '../../platform/accountStore';
import { createWorkspace, type Workspace } from '../../app/workspaces';
import { PYTHON_HANDLER, runEventFormat } from './eventFormats';

let workspace: Workspace;
beforeAll(async () => {
  workspace = createWorkspace('event-formats-python-test', {
    host: createInProcessHost({ pyodide: nodePyodideLoader() }),
    accountStore: createMemoryAccountStore(),
    seed: 2,
  });
  await workspace.ready;
});
afterAll(async () => {
  await workspace.dispose();
});

describe('the Python handler on python3.14 (Pyodide)', () => {
  // One invoke: each Pyodide boot costs seconds, and updating the code would start a new environment.
  it('decodes a CloudWatch Logs subscription event (base64, then gzip)', async () => {
    const logs = await runEventFormat(workspace, {
      eventId: 'cloudwatch-logs',
      language: 'python',
      code: PYTHON_HANDLER,
    });
    expect(logs.ok, logs.response).toBe(true);
    expect(JSON.parse(logs.response).source).toBe('CloudWatch Logs: /aws/lambda/orders, 1 log event(s)');
    // print() goes to the log as it is, without the request-id prefix (lambda-facts.md, Python).
    expect(logs.logs).toContain('received an event from CloudWatch Logs: /aws/lambda/orders, 1 log event(s)');
  }, 60_000);
});
