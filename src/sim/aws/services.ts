/** Every simulated AWS service of the account, in registration order (each service helper adds its factory). */
import type { ServiceFactory } from './account';
import { createDynamoDb } from './dynamodb';

export const ALL_SERVICES: ServiceFactory[] = [createDynamoDb];
