/**
 * Powertools for AWS Lambda (TypeScript) on a real invoke (powertools lesson): Logger, Metrics and Tracer in one
 * handler, from the Powertools layer, with active tracing. What the learner sees is what the account recorded:
 * the function's CloudWatch lines (Logger's JSON, Metrics' EMF blob), the metric CloudWatch extracted from the
 * EMF, and the X-Ray trace with a subsegment for the DynamoDB call the Tracer captured.
 */
import type { LogsService } from '../../sim/aws/logs';
import type { XRayService } from '../../sim/aws/xray';
import { POWERTOOLS_LAYER } from '../../sandbox/sdk/powertoolsLayer';
import { runName, type SimulatorWorld } from './simulatorWorld';

export const POWERTOOLS_HANDLER = `import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

const logger = new Logger({ serviceName: 'orders' });
const metrics = new Metrics({ namespace: 'Shop', serviceName: 'orders' });
const tracer = new Tracer({ serviceName: 'orders' });
// Every call through this client becomes a subsegment of the invocation's trace.
const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));

export const handler = async (event, context) => {
  logger.addContext(context);
  const { TableNames } = await dynamodb.send(new ListTablesCommand({}));
  logger.info('order received', { orderId: event.orderId, total: event.total, tables: TableNames.length });
  metrics.addMetric('OrdersPlaced', MetricUnit.Count, 1);
  metrics.addMetric('OrderValue', MetricUnit.NoUnit, event.total);
  metrics.publishStoredMetrics();
  return { accepted: event.orderId };
};
`;

export interface PowertoolsOutput {
  functionName: string;
  ok: boolean;
  response: string;
  /** The invocation's CloudWatch lines, in order. */
  logLines: string[];
  /** Logger's structured lines, parsed. */
  loggerLines: Array<Record<string, unknown>>;
  /** Metrics CloudWatch extracted from the EMF blob (namespace Shop). */
  metrics: Array<{ name: string; dimensions: Record<string, string> }>;
  /** The X-Ray trace: its segments and subsegments as a waterfall. */
  trace: Array<{ name: string; depth: number; durationMs: number }>;
}

export async function runPowertools(world: SimulatorWorld): Promise<PowertoolsOutput> {
  const functionName = runName('powertools-demo', world);
  const created = world.service.createFunction({
    name: functionName,
    runtime: 'nodejs24.x',
    timeoutS: 10,
    tracing: 'Active',
    layers: [{ name: POWERTOOLS_LAYER.name, unzippedMb: 6, content: POWERTOOLS_LAYER }],
    code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: POWERTOOLS_HANDLER }] },
  });
  if (!created.ok) throw new Error(created.message);
  const invocation = await world.service
    .invoke(functionName, { type: 'sync', payload: { orderId: 'order-77', total: 42.5 } })
    .done();
  const logLines = [...world.service.logLines(functionName)];
  const loggerLines = logLines.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      return parsed && typeof parsed === 'object' && 'level' in parsed ? [parsed] : [];
    } catch {
      return [];
    }
  });
  const logs = world.account.service<LogsService>('logs');
  const metrics = (logs?.metrics.listMetrics({ namespace: 'Shop' }) ?? []).map((metric) => ({
    name: metric.metricName,
    dimensions: metric.dimensions,
  }));
  const xray = world.account.service<XRayService>('xray');
  const summary = xray?.listTraces({ functionName })[0];
  const trace = summary
    ? xray!
        .waterfall(summary.id)
        .map((row) => ({ name: row.name, depth: row.depth, durationMs: row.durationMs }))
    : [];
  return {
    functionName,
    ok: invocation.outcome === 'success',
    response: invocation.response?.payload ?? '',
    logLines,
    loggerLines,
    metrics,
    trace,
  };
}
