/** Every simulated service of the account, in registration order (helpers append their own factories). */
import type { ServiceFactory } from './account';
import { createEventBridge } from './eventbridge/eventbridge';
import { createSecretsManager } from './secretsmanager/secretsmanager';
import { createSns } from './sns/sns';
import { createSqs } from './sqs/sqs';
import { createSsm } from './ssm/ssm';

export const ALL_SERVICES: ServiceFactory[] = [
  createSqs,
  createSns,
  createEventBridge,
  createSecretsManager,
  createSsm,
];
