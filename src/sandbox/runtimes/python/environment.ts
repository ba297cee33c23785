/**
 * What Lambda's python3.14 runtime sets up before your code runs: its environment variables ("Defined runtime
 * environment variables" in the Lambda developer guide) and the module search path, /var/task first, then layers
 * (/opt/python/lib/python3.14/site-packages, /opt/python), then the runtime's own packages (boto3).
 */
import type { EnvironmentSettings } from '../../../sim/lambda/host';
import { RUNTIME_DIR, RUNTIME_SITE_PACKAGES } from './pythonSources';

export const TASK_ROOT = '/var/task';
export const PYTHON_RUNTIME = 'python3.14';

export const PYTHON_PATH: readonly string[] = [
  TASK_ROOT,
  '/opt/python/lib/python3.14/site-packages',
  '/opt/python',
  RUNTIME_SITE_PACKAGES,
  RUNTIME_DIR,
];

export function pythonEnvironment(settings: EnvironmentSettings): Record<string, string> {
  const variables: Record<string, string> = {
    AWS_REGION: settings.region,
    AWS_DEFAULT_REGION: settings.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${PYTHON_RUNTIME}`,
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
    PYTHONPATH: RUNTIME_DIR,
    PATH: '/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin',
    LD_LIBRARY_PATH:
      '/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    _HANDLER: settings.handler,
  };
  // As for every runtime: the level variable exists only with the JSON log format (log-level filtering needs it).
  if (settings.logFormat === 'JSON') variables.AWS_LAMBDA_LOG_LEVEL = settings.applicationLogLevel;
  if (settings.tracing === 'Active') {
    variables.AWS_XRAY_CONTEXT_MISSING = 'LOG_ERROR';
    variables.AWS_XRAY_DAEMON_ADDRESS = '169.254.79.129:2000';
    variables._AWS_XRAY_DAEMON_ADDRESS = '169.254.79.129';
    variables._AWS_XRAY_DAEMON_PORT = '2000';
  }
  return { ...settings.environment, ...variables };
}
