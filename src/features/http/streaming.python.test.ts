/**
 * Python on python3.14 cannot stream ("Response streaming for Lambda functions": only the Node.js managed
 * runtimes stream natively; other languages need a custom runtime or the Lambda Web Adapter): behind a
 * RESPONSE_STREAM function URL and through InvokeWithResponseStream its result arrives whole, as one chunk.
 */
import { InvokeWithResponseStreamCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessHost } from '../../sandbox/testing/inProcessHost';
import { nodePyodideLoader } from '../../sandbox/testing/nodePyodide';
import { createMemoryAccountStore } from '../../platform/accountStore';
import { createWorkspace, type Workspace } from '../../app/workspaces';
import { ApiGateway, bodyText } from '../../sim/apigateway';
import { testClientConfig } from '../../sim/aws/testing/sdkClient';

const PYTHON = `
import json

def lambda_handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"rows": [1, 2, 3]})}
`;

let workspace: Workspace;
beforeAll(async () => {
  workspace = createWorkspace('streaming-python-test', {
    host: createInProcessHost({ pyodide: nodePyodideLoader() }),
    accountStore: createMemoryAccountStore(),
    seed: 4,
  });
  await workspace.ready;
});
afterAll(async () => {
  await workspace.dispose();
});

describe('a python3.14 handler where a stream is asked for', () => {
  // One environment for both calls: each Pyodide boot costs seconds.
  it('a RESPONSE_STREAM URL and InvokeWithResponseStream both get its result whole, as one chunk', async () => {
    const created = workspace.service.createFunction({
      name: 'report',
      runtime: 'python3.14',
      timeoutS: 10,
      code: {
        handler: 'lambda_function.lambda_handler',
        files: [{ path: 'lambda_function.py', content: PYTHON }],
      },
    });
    expect(created.ok).toBe(true);
    const gateway = new ApiGateway(workspace.service);
    const url = gateway.createFunctionUrl({ functionName: 'report', invokeMode: 'RESPONSE_STREAM' });
    if (!url.ok) throw new Error(url.message);
    const exchange = await gateway.send({ method: 'GET', url: url.api.endpoint, headers: [], body: '' });
    expect(exchange.outcome).toBe('ok');
    expect(exchange.stream?.streamed).toBe(false);
    expect(exchange.stream?.chunks).toHaveLength(1);
    // Sent as returned: a RESPONSE_STREAM URL does not read statusCode/body from a result that did not stream.
    expect(JSON.parse(bodyText(exchange.response!.body))).toEqual({
      statusCode: 200,
      body: '{"rows": [1, 2, 3]}',
    });

    const client = new LambdaClient(testClientConfig(workspace.account));
    const answer = await client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'report' }));
    const kinds: string[] = [];
    const payloads: string[] = [];
    for await (const event of answer.EventStream!) {
      if (event.PayloadChunk) {
        kinds.push('PayloadChunk');
        payloads.push(new TextDecoder().decode(event.PayloadChunk.Payload));
      } else if (event.InvokeComplete) kinds.push('InvokeComplete');
    }
    expect(kinds).toEqual(['PayloadChunk', 'InvokeComplete']);
    expect(JSON.parse(payloads[0]!)).toEqual({ statusCode: 200, body: '{"rows": [1, 2, 3]}' });
    expect(answer.ResponseStreamContentType).toBe('application/json');
  }, 90_000);
});
