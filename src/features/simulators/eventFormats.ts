/**
 * Event formats, runnable (event-formats lesson): each event shape the lesson shows, sent to a handler in
 * Node.js or Python on the real service and sandbox. The shapes are the playground's test events (modelled on
 * @types/aws-lambda) plus a CloudWatch Logs subscription event, whose `awslogs.data` is gzip then base64, as
 * https://docs.aws.amazon.com/lambda/latest/dg/services-cloudwatchlogs.html describes.
 */
import { EVENT_TEMPLATES } from '../playground/fixtures';
import type { SimulatorWorld } from './simulatorWorld';

export type HandlerLanguage = 'nodejs' | 'python';

export interface EventChoice {
  id: string;
  label: string;
  event: unknown;
}

/**
 * gzip + base64 of {"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/aws/lambda/orders",
 * "logStream":"2026/11/26/[$LATEST]0123456789abcdef","subscriptionFilters":["errors-to-alerts"],
 * "logEvents":[{"id":"1","timestamp":1764158400000,"message":"ERROR payment declined for order-7"}]}
 */
const LOGS_DATA =
  'H4sIAAAAAAACAz1Py2rDMBD8FSN6jJHlOHaam6FKLi0F27dgimxtgkCyzEppCCH/3nVKu4c9zIuZO3MQgjpDd5uB7dhb3dVfH7Jt64NkK+avEyDBIl8Xm7LavmYiJ9j68wH9ZSaGq2vgVrlBK+5RA4Zfvo0IypEgz/KSC8HpH1/e6062XZ/956lh1HAiS7gMYUQzR+OnvbFxCdodGSB6DGn0qbKAMbD+mS6/YYqL4M6MXvpRQjQ0JSpHrURVFmKzLbLlVn8TSSeb5rNJZnVz5E80jNZMoJOTx+RZPq3Yo3/8AAhOucEVAQAA';

export const EVENT_CHOICES: EventChoice[] = [
  ...EVENT_TEMPLATES.filter((template) => template.id !== 'custom'),
  {
    id: 'cloudwatch-logs',
    label: 'CloudWatch Logs subscription',
    event: { awslogs: { data: LOGS_DATA } },
  },
];

export const NODE_HANDLER = `// Which service sent this event? Each shape has its own tell-tale fields.
function sourceOf(event) {
  const record = event.Records?.[0];
  if (record) return record.eventSource ?? record.EventSource; // S3, SQS, SNS, DynamoDB, Kinesis
  if (event.requestContext?.elb) return 'Application Load Balancer';
  if (event.version === '2.0') return \`HTTP API or function URL: \${event.requestContext.http.method} \${event.rawPath}\`;
  if (event.httpMethod) return \`REST API: \${event.httpMethod} \${event.path}\`;
  if (event['detail-type']) return \`EventBridge: \${event['detail-type']}\`;
  if (event.awslogs) return 'CloudWatch Logs (awslogs.data is gzip, then base64)';
  return 'unknown';
}

export const handler = async (event) => {
  const source = sourceOf(event);
  console.log('received an event from', source);
  return { source, topLevelKeys: Object.keys(event) };
};
`;

export const PYTHON_HANDLER = `import base64
import gzip
import json


def source_of(event):
    records = event.get("Records") or []
    if records:
        return records[0].get("eventSource") or records[0].get("EventSource")
    context = event.get("requestContext") or {}
    if "elb" in context:
        return "Application Load Balancer"
    if event.get("version") == "2.0":
        return f"HTTP API or function URL: {context['http']['method']} {event['rawPath']}"
    if "httpMethod" in event:
        return f"REST API: {event['httpMethod']} {event['path']}"
    if "detail-type" in event:
        return f"EventBridge: {event['detail-type']}"
    if "awslogs" in event:
        batch = json.loads(gzip.decompress(base64.b64decode(event["awslogs"]["data"])))
        return f"CloudWatch Logs: {batch['logGroup']}, {len(batch['logEvents'])} log event(s)"
    return "unknown"


def lambda_handler(event, context):
    source = source_of(event)
    print("received an event from", source)
    return {"source": source, "topLevelKeys": list(event)}
`;

export const FUNCTION_NAMES: Record<HandlerLanguage, string> = {
  nodejs: 'event-formats-nodejs',
  python: 'event-formats-python',
};

export interface EventRun {
  ok: boolean;
  /** The response payload, pretty-printed when it is JSON. */
  response: string;
  /** This invocation's CloudWatch lines. */
  logs: string[];
}

/** Runs `code` (the learner's, or the starter) in `language` on the chosen event; one function per language. */
export async function runEventFormat(
  world: SimulatorWorld,
  input: { eventId: string; language: HandlerLanguage; code: string },
): Promise<EventRun> {
  const choice = EVENT_CHOICES.find((item) => item.id === input.eventId);
  if (!choice) throw new Error(`Unknown event ${input.eventId}.`);
  const name = FUNCTION_NAMES[input.language];
  const code =
    input.language === 'python'
      ? {
          handler: 'lambda_function.lambda_handler',
          files: [{ path: 'lambda_function.py', content: input.code }],
        }
      : { handler: 'index.handler', files: [{ path: 'index.mjs', content: input.code }] };
  const result = world.service.hasFunction(name)
    ? world.service.updateFunctionCode(name, code)
    : world.service.createFunction({
        name,
        runtime: input.language === 'python' ? 'python3.14' : 'nodejs24.x',
        timeoutS: input.language === 'python' ? 30 : 3,
        code,
      });
  if (!result.ok) throw new Error(result.message);
  const linesBefore = world.service.logLines(name).length;
  const invocation = await world.service.invoke(name, { type: 'sync', payload: choice.event }).done();
  const payload = invocation.response?.payload ?? JSON.stringify(invocation.error ?? null);
  let response = payload;
  try {
    response = JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    // Not JSON: show it as it came.
  }
  return {
    ok: invocation.outcome === 'success',
    response,
    logs: world.service.logLines(name).slice(linesBefore),
  };
}
