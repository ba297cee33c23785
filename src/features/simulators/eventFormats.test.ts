import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessHost } from '../../sandbox/testing/inProcessHost';
import { createMemoryAccountStore } from '../../platform/accountStore';
import { createWorkspace, type Workspace } from '../../app/workspaces';
import { EVENT_CHOICES, NODE_HANDLER, runEventFormat } from './eventFormats';

let workspace: Workspace;
beforeAll(async () => {
  workspace = createWorkspace('event-formats-test', {
    host: createInProcessHost(),
    accountStore: createMemoryAccountStore(),
    seed: 2,
  });
  await workspace.ready;
});
afterAll(async () => {
  await workspace.dispose();
});

const EXPECTED_SOURCE: Record<string, RegExp> = {
  'apigw-rest': /^REST API: /,
  'apigw-http': /^HTTP API or function URL: /,
  alb: /^Application Load Balancer$/,
  'function-url': /^HTTP API or function URL: /,
  's3-put': /^aws:s3$/,
  sqs: /^aws:sqs$/,
  sns: /^aws:sns$/,
  'dynamodb-stream': /^aws:dynamodb$/,
  kinesis: /^aws:kinesis$/,
  eventbridge: /^EventBridge: /,
  scheduled: /^EventBridge: Scheduled Event$/,
  'cloudwatch-logs': /^CloudWatch Logs/,
};

describe('every event shape of the lesson, run on the Node.js handler', () => {
  it('offers exactly the shapes the lesson teaches', () => {
    expect(EVENT_CHOICES.map((choice) => choice.id).sort()).toEqual(Object.keys(EXPECTED_SOURCE).sort());
  });

  for (const choice of EVENT_CHOICES) {
    it(`${choice.label}: the handler tells the source from the shape`, async () => {
      const run = await runEventFormat(workspace, {
        eventId: choice.id,
        language: 'nodejs',
        code: NODE_HANDLER,
      });
      expect(run.ok, run.response).toBe(true);
      expect(JSON.parse(run.response).source).toMatch(EXPECTED_SOURCE[choice.id]!);
      expect(run.logs.some((line) => line.includes('received an event from'))).toBe(true);
      expect(run.logs.some((line) => line.startsWith('REPORT RequestId:'))).toBe(true);
    });
  }

  it('a learner’s broken handler comes back as the error response, not a crash of the widget', async () => {
    const run = await runEventFormat(workspace, {
      eventId: 'sqs',
      language: 'nodejs',
      code: 'export const handler = async (event) => event.Records[5].body;\n',
    });
    expect(run.ok).toBe(false);
    expect(JSON.parse(run.response).errorType).toBe('TypeError');
  });
});
