/**
 * SQS model benchmark: 10,000 messages sent in batches of 10, then received and deleted in batches of 10, on
 * the model API (no HTTP), plus the same round through the real SDK client in-process for comparison.
 * Run: npx tsx scripts/bench/aws-sqs.ts   (prints wall times; several runs, the median is reported)
 */
import {
  SQSClient,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import { VirtualClock } from '../../src/sim/clock.ts';
import { AwsAccount } from '../../src/sim/aws/account.ts';
import { createSqs, type SqsService } from '../../src/sim/aws/sqs/sqs.ts';
import { testClientConfig } from '../../src/sim/aws/testing/sdkClient.ts';

const MESSAGES = 10_000;
const BATCH = 10;
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** CPU milliseconds (user + system) since `start`: steadier than wall time on a shared machine. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function modelRound(): {
  sendMs: number;
  receiveDeleteMs: number;
  sendCpuMs: number;
  receiveDeleteCpuMs: number;
} {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock }, [createSqs]);
  const sqs = account.service<SqsService>('sqs')!;
  const queue = sqs.createQueue('bench');
  const body = JSON.stringify({ orderId: 'o-0000', items: [1, 2, 3], note: 'x'.repeat(100) });
  const sendStart = performance.now();
  const sendCpu = process.cpuUsage();
  for (let sent = 0; sent < MESSAGES; sent += BATCH) {
    const entries = Array.from({ length: BATCH }, (_, index) => ({ id: `m${index}`, messageBody: body }));
    const result = sqs.sendMessageBatch(queue.url, entries);
    if (result.failed.length) throw new Error(result.failed[0]!.message);
  }
  const sendMs = performance.now() - sendStart;
  const sendCpuMs = cpuSince(sendCpu);
  const receiveStart = performance.now();
  const receiveCpu = process.cpuUsage();
  let done = 0;
  while (done < MESSAGES) {
    const received = queue.receiveNow({ maxNumberOfMessages: BATCH });
    if (received.length === 0) throw new Error(`queue ran dry after ${done} messages`);
    const result = sqs.deleteMessageBatch(
      queue.url,
      received.map((message, index) => ({ id: `d${index}`, receiptHandle: message.receiptHandle })),
    );
    if (result.failed.length) throw new Error(result.failed[0]!.message);
    done += received.length;
  }
  const receiveDeleteMs = performance.now() - receiveStart;
  const receiveDeleteCpuMs = cpuSince(receiveCpu);
  const left = queue.approximateCounts();
  if (left.visible + left.inFlight + left.delayed !== 0) throw new Error('messages left behind');
  return { sendMs, receiveDeleteMs, sendCpuMs, receiveDeleteCpuMs };
}

async function sdkRound(messages: number): Promise<{ sendMs: number; receiveDeleteMs: number }> {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock }, [createSqs]);
  const sqs = account.service<SqsService>('sqs')!;
  const queue = sqs.createQueue('bench');
  const client = new SQSClient(testClientConfig(account));
  const sendStart = performance.now();
  for (let sent = 0; sent < messages; sent += BATCH) {
    await client.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: Array.from({ length: BATCH }, (_, index) => ({
          Id: `m${index}`,
          MessageBody: `message ${sent + index}`,
        })),
      }),
    );
  }
  const sendMs = performance.now() - sendStart;
  const receiveStart = performance.now();
  let done = 0;
  while (done < messages) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: BATCH }),
    );
    await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queue.url,
        Entries: Messages.map((message, index) => ({
          Id: `d${index}`,
          ReceiptHandle: message.ReceiptHandle!,
        })),
      }),
    );
    done += Messages.length;
  }
  return { sendMs, receiveDeleteMs: performance.now() - receiveStart };
}

async function main(): Promise<void> {
  modelRound(); // warm-up
  const model = Array.from({ length: RUNS }, () => modelRound());
  const sdkMessages = 2_000;
  await sdkRound(200); // warm-up
  const sdk: Array<{ sendMs: number; receiveDeleteMs: number }> = [];
  for (let run = 0; run < 3; run++) sdk.push(await sdkRound(sdkMessages));
  const format = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(
    `SQS model, ${MESSAGES.toLocaleString('en')} messages in batches of ${BATCH} (median of ${RUNS}):`,
  );
  console.log(
    `  send                ${format(median(model.map((round) => round.sendMs)))} wall, ${format(median(model.map((round) => round.sendCpuMs)))} CPU`,
  );
  console.log(
    `  receive + delete    ${format(median(model.map((round) => round.receiveDeleteMs)))} wall, ${format(median(model.map((round) => round.receiveDeleteCpuMs)))} CPU`,
  );
  console.log(
    `SQS through the real SDK in-process, ${sdkMessages.toLocaleString('en')} messages (median of 3):`,
  );
  console.log(`  send                ${format(median(sdk.map((round) => round.sendMs)))}`);
  console.log(`  receive + delete    ${format(median(sdk.map((round) => round.receiveDeleteMs)))}`);
}

void main();
