/**
 * What SNS delivers. To SQS (unless raw message delivery is on) the body is SNS's JSON notification — Type,
 * MessageId, TopicArn, Subject, Message, Timestamp, SignatureVersion, Signature, SigningCertURL, UnsubscribeURL,
 * MessageAttributes — laid out the way SNS writes it. To Lambda it is the SNS event: `Records[]` with EventSource
 * `aws:sns` and an `Sns` object in PascalCase whose URL keys are spelt `SigningCertUrl` / `UnsubscribeUrl`.
 * Signatures are placeholders: nothing in the simulated account verifies them.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToBase64 } from '../sqs/digest';

export interface SnsMessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
}

export interface Notification {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  /** ISO time with milliseconds, as SNS writes it. */
  timestamp: string;
  messageAttributes: Record<string, SnsMessageAttribute>;
  sequenceNumber?: string;
}

export interface SnsEndpoints {
  region: string;
}

function attributeValue(attribute: SnsMessageAttribute): { Type: string; Value: string } {
  return {
    Type: attribute.DataType,
    Value:
      attribute.BinaryValue !== undefined
        ? bytesToBase64(attribute.BinaryValue)
        : (attribute.StringValue ?? ''),
  };
}

function signature(notification: Notification): string {
  const digest = sha256(
    new TextEncoder().encode(`${notification.messageId}\n${notification.message}\n${notification.timestamp}`),
  );
  return bytesToBase64(digest);
}

export function signingCertUrl(region: string): string {
  return `https://sns.${region}.amazonaws.com/SimpleNotificationService-coldstart0000000000000000000000.pem`;
}

export function unsubscribeUrl(region: string, subscriptionArn: string): string {
  return `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`;
}

/** The SQS body of a notification, formatted as SNS formats it (two-space indent, " : " after keys). */
export function sqsEnvelope(notification: Notification, subscriptionArn: string, region: string): string {
  const fields: Array<[string, string]> = [
    ['Type', JSON.stringify('Notification')],
    ['MessageId', JSON.stringify(notification.messageId)],
  ];
  if (notification.sequenceNumber !== undefined)
    fields.push(['SequenceNumber', JSON.stringify(notification.sequenceNumber)]);
  fields.push(['TopicArn', JSON.stringify(notification.topicArn)]);
  if (notification.subject !== undefined) fields.push(['Subject', JSON.stringify(notification.subject)]);
  fields.push(
    ['Message', JSON.stringify(notification.message)],
    ['Timestamp', JSON.stringify(notification.timestamp)],
  );
  // FIFO notifications carry no signature fields; standard ones do.
  if (notification.sequenceNumber === undefined) {
    fields.push(
      ['SignatureVersion', JSON.stringify('1')],
      ['Signature', JSON.stringify(signature(notification))],
      ['SigningCertURL', JSON.stringify(signingCertUrl(region))],
    );
  }
  fields.push(['UnsubscribeURL', JSON.stringify(unsubscribeUrl(region, subscriptionArn))]);
  const attributes = Object.entries(notification.messageAttributes);
  if (attributes.length > 0) {
    const lines = attributes.map(
      ([name, value]) => `    ${JSON.stringify(name)} : ${JSON.stringify(attributeValue(value))}`,
    );
    fields.push(['MessageAttributes', `{\n${lines.join(',\n')}\n  }`]);
  }
  return `{\n${fields.map(([key, value]) => `  ${JSON.stringify(key)} : ${value}`).join(',\n')}\n}`;
}

/** The event a Lambda subscription receives. */
export function lambdaEvent(notification: Notification, subscriptionArn: string, region: string) {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: subscriptionArn,
        Sns: {
          Type: 'Notification',
          MessageId: notification.messageId,
          TopicArn: notification.topicArn,
          Subject: notification.subject ?? null,
          Message: notification.message,
          Timestamp: notification.timestamp,
          SignatureVersion: '1',
          Signature: signature(notification),
          SigningCertUrl: signingCertUrl(region),
          UnsubscribeUrl: unsubscribeUrl(region, subscriptionArn),
          MessageAttributes: Object.fromEntries(
            Object.entries(notification.messageAttributes).map(([name, value]) => [
              name,
              attributeValue(value),
            ]),
          ),
          ...(notification.sequenceNumber !== undefined
            ? { SequenceNumber: notification.sequenceNumber }
            : {}),
        },
      },
    ],
  };
}
