/**
 * Test-event templates modelled on the shapes AWS services send (see @types/aws-lambda). Values are
 * made up (account 123456789012, example hosts); only the structure follows AWS.
 */

export interface EventTemplate {
  id: string;
  label: string;
  event: unknown;
}

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const NOW = '2026-11-26T12:00:00.000Z';
const EPOCH_MS = Date.parse(NOW);

const b64 = (s: string) => btoa(s);

export const EVENT_TEMPLATES: EventTemplate[] = [
  { id: 'custom', label: 'Custom event', event: { key1: 'value1', key2: 'value2' } },
  {
    id: 'apigw-rest',
    label: 'API Gateway REST API (v1 proxy)',
    event: {
      resource: '/orders/{id}',
      path: '/orders/42',
      httpMethod: 'GET',
      headers: {
        Accept: 'application/json',
        Host: 'abc123.execute-api.us-east-1.amazonaws.com',
        'User-Agent': 'curl/8.5.0',
      },
      multiValueHeaders: { Accept: ['application/json'] },
      queryStringParameters: { verbose: 'true' },
      multiValueQueryStringParameters: { verbose: ['true'] },
      pathParameters: { id: '42' },
      stageVariables: null,
      requestContext: {
        accountId: ACCOUNT,
        apiId: 'abc123',
        resourceId: 'r1s2t3',
        resourcePath: '/orders/{id}',
        httpMethod: 'GET',
        path: '/prod/orders/42',
        stage: 'prod',
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
        requestTimeEpoch: EPOCH_MS,
        protocol: 'HTTP/1.1',
        identity: { sourceIp: '198.51.100.7', userAgent: 'curl/8.5.0' },
      },
      body: null,
      isBase64Encoded: false,
    },
  },
  {
    id: 'apigw-http',
    label: 'API Gateway HTTP API (v2)',
    event: {
      version: '2.0',
      routeKey: 'POST /orders',
      rawPath: '/orders',
      rawQueryString: 'dryRun=false',
      cookies: ['session=abc'],
      headers: { 'content-type': 'application/json', host: 'xyz789.execute-api.us-east-1.amazonaws.com' },
      queryStringParameters: { dryRun: 'false' },
      requestContext: {
        accountId: ACCOUNT,
        apiId: 'xyz789',
        domainName: 'xyz789.execute-api.us-east-1.amazonaws.com',
        domainPrefix: 'xyz789',
        http: {
          method: 'POST',
          path: '/orders',
          protocol: 'HTTP/1.1',
          sourceIp: '198.51.100.7',
          userAgent: 'curl/8.5.0',
        },
        requestId: 'JKJaXmPLvHcESHA=',
        routeKey: 'POST /orders',
        stage: '$default',
        time: '26/Nov/2026:12:00:00 +0000',
        timeEpoch: EPOCH_MS,
      },
      body: '{"item":"coffee","quantity":2}',
      isBase64Encoded: false,
    },
  },
  {
    id: 'alb',
    label: 'Application Load Balancer',
    event: {
      requestContext: {
        elb: {
          targetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/orders/6d0ecf831eec9f09`,
        },
      },
      httpMethod: 'GET',
      path: '/health',
      queryStringParameters: {},
      headers: {
        host: 'orders-123.us-east-1.elb.amazonaws.com',
        'x-forwarded-for': '198.51.100.7',
        'x-forwarded-proto': 'https',
      },
      body: '',
      isBase64Encoded: false,
    },
  },
  {
    id: 'function-url',
    label: 'Lambda function URL',
    event: {
      version: '2.0',
      routeKey: '$default',
      rawPath: '/hello',
      rawQueryString: 'name=Ada',
      headers: { host: 'abcdefghijklmnop.lambda-url.us-east-1.on.aws', 'content-type': 'application/json' },
      queryStringParameters: { name: 'Ada' },
      requestContext: {
        accountId: 'anonymous',
        apiId: 'abcdefghijklmnop',
        domainName: 'abcdefghijklmnop.lambda-url.us-east-1.on.aws',
        domainPrefix: 'abcdefghijklmnop',
        http: {
          method: 'GET',
          path: '/hello',
          protocol: 'HTTP/1.1',
          sourceIp: '198.51.100.7',
          userAgent: 'curl/8.5.0',
        },
        requestId: 'd1f5b3c2-0d2e-4d7e-9a6b-2c4f8e1a7b90',
        routeKey: '$default',
        stage: '$default',
        time: '26/Nov/2026:12:00:00 +0000',
        timeEpoch: EPOCH_MS,
      },
      isBase64Encoded: false,
    },
  },
  {
    id: 's3-put',
    label: 'S3 ObjectCreated:Put',
    event: {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: REGION,
          eventTime: NOW,
          eventName: 'ObjectCreated:Put',
          userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
          requestParameters: { sourceIPAddress: '198.51.100.7' },
          responseElements: {
            'x-amz-request-id': 'EXAMPLE123456789',
            'x-amz-id-2': 'EXAMPLE123/abcdefghijklmno',
          },
          s3: {
            s3SchemaVersion: '1.0',
            configurationId: 'image-uploads',
            bucket: {
              name: 'example-uploads',
              ownerIdentity: { principalId: 'EXAMPLE' },
              arn: 'arn:aws:s3:::example-uploads',
            },
            object: {
              key: 'photos/cat.jpg',
              size: 40960,
              eTag: '0123456789abcdef0123456789abcdef',
              sequencer: '0A1B2C3D4E5F678901',
            },
          },
        },
      ],
    },
  },
  {
    id: 'sqs',
    label: 'SQS (batch of 2)',
    event: {
      Records: [1, 2].map((n) => ({
        messageId: `059f36b4-87a3-44ab-83d2-66197591390${n}`,
        receiptHandle: `AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a${n}`,
        body: JSON.stringify({ orderId: 1000 + n }),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(EPOCH_MS),
          SenderId: 'AIDAEXAMPLE',
          ApproximateFirstReceiveTimestamp: String(EPOCH_MS + 5),
        },
        messageAttributes: {},
        md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:orders-queue`,
        awsRegion: REGION,
      })),
    },
  },
  {
    id: 'sns',
    label: 'SNS notification',
    event: {
      Records: [
        {
          EventVersion: '1.0',
          EventSubscriptionArn: `arn:aws:sns:${REGION}:${ACCOUNT}:order-events:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
          EventSource: 'aws:sns',
          Sns: {
            SignatureVersion: '1',
            Timestamp: NOW,
            Signature: 'EXAMPLE',
            SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-example.pem',
            MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
            Message: 'Order 1001 shipped',
            MessageAttributes: { priority: { Type: 'String', Value: 'high' } },
            Type: 'Notification',
            UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
            TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:order-events`,
            Subject: 'Shipping update',
          },
        },
      ],
    },
  },
  {
    id: 'dynamodb-stream',
    label: 'DynamoDB Streams (NEW_AND_OLD_IMAGES)',
    event: {
      Records: [
        {
          eventID: '1',
          eventName: 'MODIFY',
          eventVersion: '1.1',
          eventSource: 'aws:dynamodb',
          awsRegion: REGION,
          dynamodb: {
            ApproximateCreationDateTime: EPOCH_MS / 1000,
            Keys: { id: { S: 'order-1001' } },
            NewImage: { id: { S: 'order-1001' }, status: { S: 'SHIPPED' }, total: { N: '42.5' } },
            OldImage: { id: { S: 'order-1001' }, status: { S: 'PAID' }, total: { N: '42.5' } },
            SequenceNumber: '111100000000000000000001',
            SizeBytes: 59,
            StreamViewType: 'NEW_AND_OLD_IMAGES',
          },
          eventSourceARN: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders/stream/2026-11-26T12:00:00.000`,
        },
      ],
    },
  },
  {
    id: 'kinesis',
    label: 'Kinesis Data Streams',
    event: {
      Records: [
        {
          kinesis: {
            kinesisSchemaVersion: '1.0',
            partitionKey: 'sensor-7',
            sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
            data: b64(JSON.stringify({ sensor: 7, celsius: 21.5 })),
            approximateArrivalTimestamp: EPOCH_MS / 1000,
          },
          eventSource: 'aws:kinesis',
          eventVersion: '1.0',
          eventID: 'shardId-000000000006:49590338271490256608559692538361571095921575989136588898',
          eventName: 'aws:kinesis:record',
          invokeIdentityArn: `arn:aws:iam::${ACCOUNT}:role/lambda-kinesis-role`,
          awsRegion: REGION,
          eventSourceARN: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/sensor-readings`,
        },
      ],
    },
  },
  {
    id: 'eventbridge',
    label: 'EventBridge custom event',
    event: {
      version: '0',
      id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
      'detail-type': 'OrderPlaced',
      source: 'com.example.orders',
      account: ACCOUNT,
      time: '2026-11-26T12:00:00Z',
      region: REGION,
      resources: [],
      detail: { orderId: 'order-1001', total: 42.5, currency: 'EUR' },
    },
  },
  {
    id: 'scheduled',
    label: 'Scheduled event (EventBridge rule)',
    event: {
      version: '0',
      id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: ACCOUNT,
      time: '2026-11-26T12:00:00Z',
      region: REGION,
      resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/nightly-report`],
      detail: {},
    },
  },
];

export function templateText(id: string): string {
  const t = EVENT_TEMPLATES.find((x) => x.id === id) ?? EVENT_TEMPLATES[0]!;
  return JSON.stringify(t.event, null, 2);
}

export interface JsonProblem {
  line: number;
  column: number;
  message: string;
}

/** Finds where JSON text first goes wrong (engines' own messages often omit the position). */
export function locateJsonError(text: string): { index: number; message: string } | null {
  let i = 0;
  const fail = (message: string): never => {
    throw { index: i, message };
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const describe = () => (i >= text.length ? 'end of input' : `'${text[i]}'`);
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`Expected a property name in double quotes but found ${describe()}`);
        string();
        ws();
        if (text[i] !== ':') fail(`Expected ':' after the property name but found ${describe()}`);
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === '}') fail("Trailing comma: remove the ',' before '}'");
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`Expected ',' or '}' after a property value but found ${describe()}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === ']') fail("Trailing comma: remove the ',' before ']'");
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`Expected ',' or ']' after an array element but found ${describe()}`);
      }
    }
    if (c === '"') return string();
    const lit = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (lit) {
      i += lit[0].length;
      return;
    }
    if (c === "'") fail('Strings must use double quotes (")');
    fail(`Unexpected ${describe()}: expected a JSON value`);
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return;
      }
      if (ch === '\n') fail('Unterminated string (a line break inside a string must be written \\n)');
      if (ch === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('Bad \\u escape in string');
          i += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) fail('Bad escape in string');
        i += 2;
        continue;
      }
      if (ch.charCodeAt(0) < 0x20) fail('Control character in string');
      i++;
    }
    fail('Unterminated string');
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`Unexpected ${describe()} after the end of the JSON value`);
    return null;
  } catch (e) {
    return e as { index: number; message: string };
  }
}

export function checkJson(text: string): { ok: true; value: unknown } | { ok: false; problem: JsonProblem } {
  if (text.trim() === '')
    return {
      ok: false,
      problem: { line: 1, column: 1, message: 'The event is empty: write a JSON value such as {}' },
    };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const found = locateJsonError(text) ?? {
      index: text.length,
      message: e instanceof Error ? e.message : String(e),
    };
    const before = text.slice(0, found.index).split('\n');
    return {
      ok: false,
      problem: {
        line: before.length,
        column: (before[before.length - 1]?.length ?? 0) + 1,
        message: found.message,
      },
    };
  }
}
