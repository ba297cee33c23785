/**
 * Every simulated service of the account, in one list the app wires up (`new AwsAccount(options, ALL_SERVICES)`).
 * One line per service so branches that add services merge cleanly.
 */
import type { ServiceFactory } from './account';
import { createDynamoDb } from './dynamodb';
import { createEventBridge } from './eventbridge/eventbridge';
import { createKinesis } from './kinesis/kinesis';
import { createLogs } from './logs';
import { createS3 } from './s3';
import { createSecretsManager } from './secretsmanager/secretsmanager';
import { createSns } from './sns/sns';
import { createSqs } from './sqs/sqs';
import { createSsm } from './ssm/ssm';
import { createXRay } from './xray';
import { createVpcNetwork } from '../vpc/network';

// prettier-ignore
export const ALL_SERVICES: ServiceFactory[] = [
  createDynamoDb,
  createSqs,
  createSns,
  createEventBridge,
  createSecretsManager,
  createSsm,
  createS3,
  createLogs,
  createXRay,
  createKinesis,
  createVpcNetwork,
];
