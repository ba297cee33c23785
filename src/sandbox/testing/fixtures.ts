/**
 * Small builders for tests that drive an EnvironmentHost (the sandbox's own and the Lambda service's).
 */
import type {
  CodeRuntimeId,
  EnvironmentSettings,
  InitRequest,
  InvokeRequest,
  LayerContent,
} from '../../sim/lambda/host';

export function testSettings(overrides: Partial<EnvironmentSettings> = {}): EnvironmentSettings {
  return {
    functionName: 'fn',
    functionVersion: '$LATEST',
    region: 'eu-west-1',
    accountId: '123456789012',
    memoryMb: 256,
    timeoutS: 3,
    ephemeralStorageMb: 512,
    architecture: 'x86_64',
    handler: 'index.handler',
    environment: { STAGE: 'test' },
    initializationType: 'on-demand',
    logGroupName: '/aws/lambda/fn',
    logStreamName: '2026/11/26/[$LATEST]0123456789abcdef0123456789abcdef',
    logFormat: 'Text',
    applicationLogLevel: 'INFO',
    tracing: 'PassThrough',
    ...overrides,
  };
}

/** `files`: one source (as `index.mjs` when it uses module syntax, else `index.js`) or paths → sources. */
export function testInitRequest(
  files: string | Record<string, string>,
  options: { runtime?: CodeRuntimeId; settings?: Partial<EnvironmentSettings>; layers?: LayerContent[] } = {},
): InitRequest {
  const entries =
    typeof files === 'string'
      ? { [/(^|[\s;})])(import|export)\s*[\s{*'"]/m.test(files) ? 'index.mjs' : 'index.js']: files }
      : files;
  return {
    runtime: options.runtime ?? 'nodejs22.x',
    files: Object.entries(entries).map(([path, content]) => ({ path, content })),
    layers: options.layers ?? [],
    settings: testSettings(options.settings),
  };
}

/** A python3.14 init of one `lambda_function.py` with the handler `lambda_function.lambda_handler`. */
export function pythonInitRequest(source: string, settings: Partial<EnvironmentSettings> = {}): InitRequest {
  return testInitRequest(
    { 'lambda_function.py': source },
    { runtime: 'python3.14', settings: { handler: 'lambda_function.lambda_handler', ...settings } },
  );
}

let sequence = 0;

export function testInvokeRequest(
  event: unknown = {},
  overrides: Partial<InvokeRequest> = {},
): InvokeRequest {
  sequence += 1;
  return {
    requestId: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    event: JSON.stringify(event),
    remainingMs: 3000,
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:fn',
    traceId: 'Root=1-67890abc-0123456789abcdef01234567;Sampled=0',
    ...overrides,
  };
}
