/**
 * The environment variables Lambda sets for a Node.js function ("Defined runtime environment variables" in the
 * Lambda developer guide). The learner's own variables come first; Lambda's reserved ones cannot be overridden.
 */
import type { EnvironmentSettings } from '../../../sim/lambda/host';
import type { NodeVersion } from './versions';

export const TASK_ROOT = '/var/task';
export const RUNTIME_DIR = '/var/runtime';

/** Where bare specifiers are looked up after the file's own node_modules (NODE_PATH). */
export function nodePath(version: NodeVersion): string[] {
  return [
    `/opt/nodejs/${version.layerDirectory}/node_modules`,
    '/opt/nodejs/node_modules',
    `${RUNTIME_DIR}/node_modules`,
    RUNTIME_DIR,
    TASK_ROOT,
  ];
}

export function lambdaEnvironment(
  settings: EnvironmentSettings,
  version: NodeVersion,
): Record<string, string> {
  const variables: Record<string, string> = {
    AWS_REGION: settings.region,
    AWS_DEFAULT_REGION: settings.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${version.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: settings.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(settings.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: settings.functionVersion,
    AWS_LAMBDA_INITIALIZATION_TYPE: settings.initializationType,
    AWS_LAMBDA_LOG_GROUP_NAME: settings.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: settings.logStreamName,
    AWS_LAMBDA_LOG_FORMAT: settings.logFormat,
    AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
    // Simulated credentials of the execution role: the simulated account does not check signatures.
    AWS_ACCESS_KEY_ID: 'ASIACOLDSTARTSANDBOX',
    AWS_SECRET_ACCESS_KEY: 'coldstart-simulated-secret-access-key',
    AWS_SESSION_TOKEN: 'coldstart-simulated-session-token',
    LAMBDA_TASK_ROOT: TASK_ROOT,
    LAMBDA_RUNTIME_DIR: RUNTIME_DIR,
    NODE_PATH: nodePath(version).join(':'),
    PATH: '/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin',
    LD_LIBRARY_PATH:
      '/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    _HANDLER: settings.handler,
  };
  // Lambda sets the level only with the JSON log format: log-level filtering needs JSON (docs: Log-level filtering).
  if (settings.logFormat === 'JSON') variables.AWS_LAMBDA_LOG_LEVEL = settings.applicationLogLevel;
  if (settings.tracing === 'Active') {
    variables.AWS_XRAY_CONTEXT_MISSING = 'LOG_ERROR';
    variables.AWS_XRAY_DAEMON_ADDRESS = '169.254.79.129:2000';
    variables._AWS_XRAY_DAEMON_ADDRESS = '169.254.79.129';
    variables._AWS_XRAY_DAEMON_PORT = '2000';
  }
  return { ...settings.environment, ...variables };
}
