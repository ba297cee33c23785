/**
 * What differs between the Node.js runtimes the sandbox offers. nodejs22.x runs the runtime interface client
 * 3.x (callback handlers, context.succeed/fail/done, callbackWaitsForEmptyEventLoop); nodejs24.x runs 4.x, which
 * calls `await handler(event, context)` and refuses handlers with three or more parameters at init
 * (aws-lambda-nodejs-runtime-interface-client, src/function/callback-deprecation.ts; AWS Compute Blog "Node.js 24
 * runtime now available in AWS Lambda"). Exact patch versions change with every runtime update: illustrative.
 */

export type NodeRuntimeId = 'nodejs22.x' | 'nodejs24.x';

export interface NodeVersion {
  runtime: NodeRuntimeId;
  /** process.version */
  version: string;
  /** process.versions.v8 */
  v8: string;
  /** The `/opt/nodejs/nodeXX/node_modules` layer directory on NODE_PATH. */
  layerDirectory: string;
  /** Callback handlers, context.succeed/fail/done and callbackWaitsForEmptyEventLoop. */
  callbackHandlers: boolean;
  /** How the runtime interface client labels an init failure in the log. */
  initErrorLabel: 'Uncaught Exception' | 'Init Error';
  /**
   * JSON log format with several arguments: which arguments the formatter searches for the first Error
   * (3.x searches them all; 4.x only those after the first).
   */
  jsonErrorSearchFromFirst: boolean;
}

export const NODE_VERSIONS: Readonly<Record<NodeRuntimeId, NodeVersion>> = {
  'nodejs22.x': {
    runtime: 'nodejs22.x',
    version: 'v22.21.1',
    v8: '12.4.254.21-node.33',
    layerDirectory: 'node22',
    callbackHandlers: true,
    initErrorLabel: 'Uncaught Exception',
    jsonErrorSearchFromFirst: true,
  },
  'nodejs24.x': {
    runtime: 'nodejs24.x',
    version: 'v24.11.1',
    v8: '13.6.233.10-node.28',
    layerDirectory: 'node24',
    callbackHandlers: false,
    initErrorLabel: 'Init Error',
    jsonErrorSearchFromFirst: false,
  },
};

export function isNodeRuntime(runtime: string): runtime is NodeRuntimeId {
  return Object.hasOwn(NODE_VERSIONS, runtime);
}

/** Lambda's message for a callback-style handler on nodejs24.x (Runtime.CallbackHandlerDeprecated). */
export const CALLBACK_HANDLER_DEPRECATED =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';
