import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AwsCallRequest } from '../../../sim/lambda/host';
import type { SdkHost } from '../bundleHost';

const ROOT = '1-6760a1b2-0123456789abcdef01234567';
const FUNCTION_SEGMENT = '53995c3f42cd8ad8';

/** The shim reads its environment through the bundle host, a free name the runtime binds. */
function installHost(header: string | undefined): AwsCallRequest[] {
  const sent: AwsCallRequest[] = [];
  const host: SdkHost = {
    env: { AWS_REGION: 'us-east-1', AWS_LAMBDA_FUNCTION_NAME: 'orders', _X_AMZN_TRACE_ID: header },
    send: (request) => {
      sent.push(request);
      return Promise.resolve({ statusCode: 200, headers: {}, body: new Uint8Array() });
    },
    require: () => undefined,
    register: () => {},
  };
  (globalThis as { __coldstartSdkHost?: SdkHost }).__coldstartSdkHost = host;
  return sent;
}

function documentsOf(request: AwsCallRequest): Record<string, unknown>[] {
  const body = JSON.parse(new TextDecoder().decode(request.body)) as { TraceSegmentDocuments: string[] };
  return body.TraceSegmentDocuments.map((text) => JSON.parse(text) as Record<string, unknown>);
}

async function freshShim() {
  // A new module instance per test: the facade segment is module state, as it is per environment.
  vi.resetModules();
  return (await import('./xray')).default;
}

describe('the X-Ray SDK shim (the daemon emitter)', () => {
  beforeEach(() => {
    delete (globalThis as { __coldstartSdkHost?: SdkHost }).__coldstartSdkHost;
  });
  afterEach(() => {
    delete (globalThis as { __coldstartSdkHost?: SdkHost }).__coldstartSdkHost;
  });

  it('sends a closed subsegment of the facade, with its children, as PutTraceSegments to X-Ray', async () => {
    const sent = installHost(`Root=${ROOT};Parent=${FUNCTION_SEGMENT};Sampled=1`);
    const xray = await freshShim();
    const facade = xray.getSegment();
    const handler = facade.addNewSubsegment('## index.handler');
    xray.setSegment(handler);
    handler.addAnnotation('ColdStart', true);
    handler.addAnnotation('bad', { not: 'a scalar' } as never); // dropped, as the X-Ray SDK drops it
    handler.addMetadata('index.handler response', { ok: 1 }, 'orders');
    xray.captureFunc('### inner', (inner) => inner.addAnnotation('step', 2));
    expect(sent).toHaveLength(0); // children go with their top-level subsegment, not on their own
    handler.close();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      method: 'POST',
      hostname: 'xray.us-east-1.amazonaws.com',
      path: '/TraceSegments',
    });
    const [document] = documentsOf(sent[0]!);
    expect(document).toMatchObject({
      type: 'subsegment',
      trace_id: ROOT,
      parent_id: FUNCTION_SEGMENT,
      name: '## index.handler',
      annotations: { ColdStart: true },
      metadata: { orders: { 'index.handler response': { ok: 1 } } },
      subsegments: [{ name: '### inner', annotations: { step: 2 } }],
    });
    expect(document!.end_time as number).toBeGreaterThanOrEqual(document!.start_time as number);
    // Closing twice sends nothing more; the active segment is the facade again.
    handler.close();
    expect(sent).toHaveLength(1);
    expect(xray.getSegment()).toBe(facade);
  });

  it('records errors as a fault with the exception', async () => {
    const sent = installHost(`Root=${ROOT};Parent=${FUNCTION_SEGMENT};Sampled=1`);
    const xray = await freshShim();
    expect(() =>
      xray.captureFunc('### charge', () => {
        throw new TypeError('card declined');
      }),
    ).toThrow('card declined');
    const [document] = documentsOf(sent[0]!);
    expect(document).toMatchObject({
      name: '### charge',
      fault: true,
      cause: { exceptions: [{ type: 'TypeError', message: 'card declined', remote: false }] },
    });
  });

  it('sends nothing when the invocation is not sampled or has no trace header', async () => {
    for (const header of [`Root=${ROOT};Parent=${FUNCTION_SEGMENT};Sampled=0`, undefined]) {
      const sent = installHost(header);
      const xray = await freshShim();
      xray.captureFunc('### work', () => {});
      expect(sent, String(header)).toHaveLength(0);
    }
  });

  it('a new trace header is a new facade: the next invocation does not inherit the active subsegment', async () => {
    const sent = installHost(`Root=${ROOT};Parent=${FUNCTION_SEGMENT};Sampled=1`);
    const xray = await freshShim();
    const open = xray.getSegment().addNewSubsegment('## index.handler');
    xray.setSegment(open); // never closed (the invocation timed out, say)
    const next = '1-6760a1b3-0123456789abcdef01234568';
    (globalThis as { __coldstartSdkHost?: SdkHost }).__coldstartSdkHost!.env._X_AMZN_TRACE_ID =
      `Root=${next};Parent=0123456789abcdef;Sampled=1`;
    xray.captureFunc('### later', () => {});
    expect(documentsOf(sent[0]!)[0]).toMatchObject({
      trace_id: next,
      parent_id: '0123456789abcdef',
      name: '### later',
    });
  });
});
