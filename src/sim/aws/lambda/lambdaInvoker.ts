/**
 * The Lambda service as the account's other services reach it (SNS subscriptions, EventBridge targets, S3
 * notifications, SQS destinations): asynchronous invokes by function name or ARN, with the ARN's qualifier.
 */
import type { LambdaService } from '../../lambda/LambdaService';
import type { LambdaInvoker } from '../service';
import { parseFunctionName } from './functionNames';

export function lambdaInvoker(service: LambdaService): LambdaInvoker {
  const resolve = (arnOrName: string) => {
    const target = parseFunctionName(arnOrName, service);
    if (!target || !service.hasFunction(target.name)) return null;
    if (target.qualifier !== undefined && !service.getFunction(target.name, target.qualifier)) return null;
    return target;
  };
  return {
    invokeAsync(arnOrName, payload) {
      const target = resolve(arnOrName);
      if (!target) return;
      service.invoke(target.name, {
        type: 'async',
        payload,
        ...(target.qualifier !== undefined ? { qualifier: target.qualifier } : {}),
      });
    },
    exists: (arnOrName) => resolve(arnOrName) !== null,
  };
}
