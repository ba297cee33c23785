/**
 * Every simulated service of the account, in one list the app wires up (`new AwsAccount(options, ALL_SERVICES)`).
 * One line per service so branches that add services merge cleanly.
 */
import type { ServiceFactory } from './account';
import { createLogs } from './logs';
import { createS3 } from './s3';
import { createXRay } from './xray';

// prettier-ignore
export const ALL_SERVICES: ServiceFactory[] = [
  createS3,
  createLogs,
  createXRay,
];
