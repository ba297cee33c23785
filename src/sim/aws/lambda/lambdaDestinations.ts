/**
 * Where the Lambda service's asynchronous destinations and dead-letter queues lead in the account: a record (or,
 * for a dead-letter queue, the event with Lambda's `RequestID`, `ErrorCode` and `ErrorMessage` attributes) is
 * sent to the SQS queue, SNS topic, function or event bus its ARN names, when that resource exists ("Capturing
 * records of Lambda asynchronous invocations", https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).
 * A destination the account does not have is left as the service recorded it (the playground lists deliveries).
 */
import type { DestinationSink } from '../../lambda/kernel';
import type { Delivery, Invocation } from '../../lambda/types';
import type { EventBridgeService } from '../eventbridge/eventbridge';
import type { AwsAccount } from '../account';
import type { SnsService } from '../sns/sns';
import type { SqsService } from '../sqs/sqs';
import type { LambdaInvoker } from '../service';

function arnService(arn: string): string | undefined {
  return arn.startsWith('arn:') ? arn.split(':')[2] : undefined;
}

export function accountDestinations(account: AwsAccount, lambda: LambdaInvoker): DestinationSink {
  return {
    deliver(delivery: Delivery, invocation: Invocation) {
      const body = JSON.stringify(delivery.body);
      switch (arnService(delivery.target)) {
        case 'sqs': {
          const sqs = account.service<SqsService>('sqs');
          const queue = sqs?.queue(delivery.target);
          if (!sqs || !queue) return;
          const attributes = delivery.message?.attributes;
          try {
            sqs.sendMessage(queue.url, {
              messageBody: body,
              ...(attributes
                ? {
                    messageAttributes: Object.fromEntries(
                      Object.entries(attributes).map(([name, value]) => [
                        name,
                        { DataType: 'String', StringValue: value },
                      ]),
                    ),
                  }
                : {}),
              ...(queue.fifo
                ? { messageGroupId: invocation.functionName, messageDeduplicationId: invocation.requestId }
                : {}),
            });
          } catch {
            // A message SQS refuses (too large for the queue) is lost, as a failed delivery is in AWS.
          }
          return;
        }
        case 'sns':
          account.service<SnsService>('sns')?.publishFromService(delivery.target, body);
          return;
        case 'lambda':
          if (lambda.exists(delivery.target))
            lambda.invokeAsync(delivery.target, delivery.body, { service: 'lambda' });
          return;
        case 'events': {
          const success = delivery.kind === 'onSuccess';
          account.service<EventBridgeService>('events')?.putEvents([
            {
              Source: 'lambda',
              DetailType: `Lambda Function Invocation Result - ${success ? 'Success' : 'Failure'}`,
              Detail: body,
              EventBusName: delivery.target,
              Resources: [
                `arn:aws:lambda:${account.region}:${account.accountId}:function:${invocation.functionName}`,
              ],
            },
          ]);
          return;
        }
      }
    },
  };
}
