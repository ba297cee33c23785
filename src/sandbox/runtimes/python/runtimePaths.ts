/** Where Lambda's python3.14 runtime keeps its files (plain constants: the build imports them in Node.js too). */

/** Where Lambda's python3.14 runtime keeps boto3 and botocore (after layers on sys.path). */
export const RUNTIME_SITE_PACKAGES = '/var/lang/lib/python3.14/site-packages';
/** Where the runtime's bootstrap lives (LAMBDA_RUNTIME_DIR). */
export const RUNTIME_DIR = '/var/runtime';
