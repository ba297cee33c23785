export { createLambdaApi, LambdaApi } from './lambdaApi';
export { lambdaInvoker } from './lambdaInvoker';
export { LambdaTracing } from './lambdaTracing';
export { accountDestinations } from './lambdaDestinations';
export { functionArn, parseFunctionName } from './functionNames';
export type { FunctionTarget } from './functionNames';
