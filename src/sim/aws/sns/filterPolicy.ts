/**
 * Subscription filter policies ("Amazon SNS message filtering"): the same grammar as EventBridge patterns, applied
 * either to the message attributes (default scope: String → string, Number → number, String.Array → its JSON
 * array; Binary attributes are not matched) or, with FilterPolicyScope MessageBody, to the JSON message body.
 */
import { compilePattern, PatternError, type CompiledPattern } from '../eventbridge/pattern';
import { AwsServiceError } from '../jsonRpc';
import type { SnsMessageAttribute } from './delivery';

export type FilterPolicyScope = 'MessageAttributes' | 'MessageBody';

export interface FilterPolicy {
  matches(message: string, attributes: Record<string, SnsMessageAttribute>): boolean;
}

function attributesForMatching(attributes: Record<string, SnsMessageAttribute>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.StringValue === undefined) continue;
    if (attribute.DataType.startsWith('Number')) {
      const number = Number(attribute.StringValue);
      if (Number.isFinite(number)) out[name] = number;
    } else if (attribute.DataType === 'String.Array') {
      try {
        const parsed: unknown = JSON.parse(attribute.StringValue);
        if (Array.isArray(parsed)) out[name] = parsed;
      } catch {
        // Not a JSON array: SNS does not match it.
      }
    } else if (attribute.DataType.startsWith('String')) {
      out[name] = attribute.StringValue;
    }
  }
  return out;
}

export function compileFilterPolicy(policy: string, scope: FilterPolicyScope): FilterPolicy {
  let compiled: CompiledPattern;
  try {
    compiled = compilePattern(policy);
  } catch (error) {
    if (error instanceof PatternError) {
      throw new AwsServiceError('InvalidParameter', `Invalid parameter: FilterPolicy: ${error.message}`, {
        queryCode: 'InvalidParameter',
      });
    }
    throw error;
  }
  return {
    matches(message, attributes) {
      if (scope === 'MessageAttributes') return compiled.matches(attributesForMatching(attributes));
      try {
        const body: unknown = JSON.parse(message);
        return typeof body === 'object' && body !== null && !Array.isArray(body) && compiled.matches(body);
      } catch {
        return false;
      }
    },
  };
}
