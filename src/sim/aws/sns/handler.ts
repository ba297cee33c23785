/** SNS's wire protocol: the AWS query protocol with XML replies (query.ts), one function per action. */
import type { AwsCaller, AwsHttpRequest, AwsHttpResponse } from '../http';
import { AwsServiceError } from '../jsonRpc';
import { base64ToBytes } from '../sqs/digest';
import type { SnsMessageAttribute } from './delivery';
import { QueryParams, queryError, queryResult, XmlList, XmlMap, type XmlObject } from './query';
import { invalidParameter, type PublishInput, type SnsService, type Subscription } from './sns';

const PAGE = 100;

function messageAttributes(
  params: QueryParams,
  prefix: string,
): Record<string, SnsMessageAttribute> | undefined {
  const out: Record<string, SnsMessageAttribute> = {};
  let any = false;
  for (const entry of params.entries(prefix)) {
    const name = entry.get('Name');
    if (name === undefined) continue;
    any = true;
    const attribute: SnsMessageAttribute = { DataType: entry.get('Value.DataType') ?? '' };
    const stringValue = entry.get('Value.StringValue');
    const binaryValue = entry.get('Value.BinaryValue');
    if (stringValue !== undefined) attribute.StringValue = stringValue;
    if (binaryValue !== undefined) {
      try {
        attribute.BinaryValue = base64ToBytes(binaryValue);
      } catch {
        throw invalidParameter(`The message attribute '${name}' has an invalid binary value.`);
      }
    }
    out[name] = attribute;
  }
  return any ? out : undefined;
}

function publishInput(params: QueryParams, prefix = ''): PublishInput {
  return {
    topicArn: params.get(`${prefix}TopicArn`) ?? params.get(`${prefix}TargetArn`),
    message: params.get(`${prefix}Message`),
    subject: params.get(`${prefix}Subject`),
    messageStructure: params.get(`${prefix}MessageStructure`),
    messageAttributes: messageAttributes(params, `${prefix}MessageAttributes`),
    messageGroupId: params.get(`${prefix}MessageGroupId`),
    messageDeduplicationId: params.get(`${prefix}MessageDeduplicationId`),
  };
}

function tags(params: QueryParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const member of params.members('Tags')) {
    const key = member.get('Key');
    if (key !== undefined) out[key] = member.get('Value') ?? '';
  }
  return out;
}

function pageOf<T>(items: T[], token: string | undefined): { items: T[]; next?: string } {
  const start = token ? Number.parseInt(token, 10) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalidParameter('NextToken');
  const slice = items.slice(start, start + PAGE);
  return { items: slice, ...(start + PAGE < items.length ? { next: String(start + PAGE) } : {}) };
}

function subscriptionXml(subscription: Subscription): XmlObject {
  return {
    SubscriptionArn: subscription.confirmed ? subscription.arn : 'PendingConfirmation',
    Owner: subscription.arn.split(':')[4],
    Protocol: subscription.protocol,
    Endpoint: subscription.endpoint,
    TopicArn: subscription.topicArn,
  };
}

type Action = (params: QueryParams) => XmlObject | undefined;

function actions(sns: SnsService, lineage: number | undefined): Record<string, Action> {
  return {
    CreateTopic(params) {
      const topic = sns.createTopic(params.get('Name'), params.map('Attributes'), tags(params));
      return { TopicArn: topic.arn };
    },
    DeleteTopic(params) {
      sns.deleteTopic(params.get('TopicArn'));
      return undefined;
    },
    ListTopics(params) {
      const page = pageOf(sns.listTopicViews(), params.get('NextToken'));
      return {
        Topics: new XmlList(page.items.map((topic) => ({ TopicArn: topic.arn }))),
        NextToken: page.next,
      };
    },
    GetTopicAttributes(params) {
      return { Attributes: new XmlMap(sns.getTopicAttributes(params.get('TopicArn'))) };
    },
    SetTopicAttributes(params) {
      sns.setTopicAttribute(
        params.get('TopicArn'),
        params.get('AttributeName'),
        params.get('AttributeValue'),
      );
      return undefined;
    },
    Subscribe(params) {
      const subscription = sns.subscribe(
        params.get('TopicArn'),
        params.get('Protocol'),
        params.get('Endpoint'),
        params.map('Attributes'),
      );
      const returnArn = params.get('ReturnSubscriptionArn') === 'true';
      return {
        SubscriptionArn: subscription.confirmed || returnArn ? subscription.arn : 'pending confirmation',
      };
    },
    Unsubscribe(params) {
      sns.unsubscribe(params.get('SubscriptionArn'));
      return undefined;
    },
    ListSubscriptions(params) {
      const page = pageOf(sns.subscriptionsOf(), params.get('NextToken'));
      return { Subscriptions: new XmlList(page.items.map(subscriptionXml)), NextToken: page.next };
    },
    ListSubscriptionsByTopic(params) {
      const topic = sns.requireTopic(params.get('TopicArn'));
      const page = pageOf(sns.subscriptionsOf(topic.arn), params.get('NextToken'));
      return { Subscriptions: new XmlList(page.items.map(subscriptionXml)), NextToken: page.next };
    },
    GetSubscriptionAttributes(params) {
      return { Attributes: new XmlMap(sns.getSubscriptionAttributes(params.get('SubscriptionArn'))) };
    },
    SetSubscriptionAttributes(params) {
      sns.setSubscriptionAttribute(
        params.get('SubscriptionArn'),
        params.get('AttributeName'),
        params.get('AttributeValue'),
      );
      return undefined;
    },
    Publish(params) {
      const result = sns.publish(publishInput(params), lineage);
      return { MessageId: result.messageId, SequenceNumber: result.sequenceNumber };
    },
    PublishBatch(params) {
      const entries = params.members('PublishBatchRequestEntries').map((entry) => ({
        id: entry.get('Id') ?? '',
        ...publishInput(entry),
      }));
      const result = sns.publishBatch(params.get('TopicArn'), entries, lineage);
      return {
        Successful: new XmlList(
          result.successful.map((entry) => ({
            Id: entry.id,
            MessageId: entry.messageId,
            SequenceNumber: entry.sequenceNumber,
          })),
        ),
        Failed: new XmlList(
          result.failed.map((entry) => ({
            Id: entry.id,
            Code: entry.code,
            Message: entry.message,
            SenderFault: entry.senderFault,
          })),
        ),
      };
    },
    TagResource(params) {
      sns.tagResource(params.get('ResourceArn'), tags(params));
      return undefined;
    },
    UntagResource(params) {
      sns.untagResource(params.get('ResourceArn'), params.list('TagKeys'));
      return undefined;
    },
    ListTagsForResource(params) {
      const tagMap = sns.listTags(params.get('ResourceArn'));
      return { Tags: new XmlList(Object.entries(tagMap).map(([Key, Value]) => ({ Key, Value }))) };
    },
  };
}

export function handleSnsRequest(sns: SnsService, req: AwsHttpRequest, caller: AwsCaller): AwsHttpResponse {
  try {
    const params = QueryParams.fromRequest(req);
    const name = params.get('Action') ?? '';
    const table = actions(sns, caller.kind === 'function' ? caller.lineage : undefined);
    const action = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
    if (!action) {
      throw new AwsServiceError(
        'InvalidAction',
        `Coldstart does not simulate the SNS action ${name || '(none)'}.`,
        {
          queryCode: 'InvalidAction',
        },
      );
    }
    return queryResult(name, action(params));
  } catch (error) {
    if (error instanceof AwsServiceError) return queryError(error);
    const message = error instanceof Error ? error.message : String(error);
    return queryError(
      new AwsServiceError('InternalError', `Coldstart's simulated SNS failed: ${message}`, {
        statusCode: 500,
      }),
    );
  }
}
