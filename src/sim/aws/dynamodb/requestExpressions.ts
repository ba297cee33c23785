/**
 * The conditions, updates and projections of one request, from its expressions or from the legacy parameters
 * they replaced (never both: DynamoDB refuses the mix).
 */
import { validationError } from './errors';
import { parseExpressions, type ExpressionKind, type ParsedExpressions } from './expressions';
import {
  checkAttributeUpdates,
  checkParameterMix,
  legacyExpected,
  legacyFilter,
  legacyKeyConditions,
  legacyProjection,
  type AttributeUpdates,
} from './legacy';
import type { Request } from './requests';
import type { AttributeValue } from './values';

export type ExpressionOperation =
  'GetItem' | 'PutItem' | 'DeleteItem' | 'UpdateItem' | 'ConditionCheck' | 'Query' | 'Scan';

export interface RequestExpressions extends ParsedExpressions {
  attributeUpdates?: AttributeUpdates;
  keyConditions?: Map<string, { operator: string; values: AttributeValue[] }>;
  /** Which parameter the projection came from (for Select messages). */
  projectionParameter: 'ProjectionExpression' | 'AttributesToGet';
}

const SHAPES: Record<ExpressionOperation, { expressions: ExpressionKind[]; legacy: string[] }> = {
  GetItem: { expressions: ['ProjectionExpression'], legacy: ['AttributesToGet'] },
  PutItem: { expressions: ['ConditionExpression'], legacy: ['Expected', 'ConditionalOperator'] },
  DeleteItem: { expressions: ['ConditionExpression'], legacy: ['Expected', 'ConditionalOperator'] },
  UpdateItem: {
    expressions: ['UpdateExpression', 'ConditionExpression'],
    legacy: ['AttributeUpdates', 'Expected', 'ConditionalOperator'],
  },
  ConditionCheck: { expressions: ['ConditionExpression'], legacy: [] },
  Query: {
    expressions: ['ProjectionExpression', 'FilterExpression', 'KeyConditionExpression'],
    legacy: ['AttributesToGet', 'QueryFilter', 'ConditionalOperator', 'KeyConditions'],
  },
  Scan: {
    expressions: ['ProjectionExpression', 'FilterExpression'],
    legacy: ['AttributesToGet', 'ScanFilter', 'ConditionalOperator'],
  },
};

export function readExpressions(request: Request, operation: ExpressionOperation): RequestExpressions {
  const shape = SHAPES[operation];
  checkParameterMix(request, shape.expressions, shape.legacy);
  const parsed: RequestExpressions = {
    ...parseExpressions(request, shape.expressions),
    projectionParameter: 'ProjectionExpression',
  };
  if (shape.legacy.includes('AttributesToGet') && request.AttributesToGet != null) {
    parsed.projection = legacyProjection(request.AttributesToGet);
    parsed.projectionParameter = 'AttributesToGet';
  }
  if (shape.legacy.includes('Expected') && request.ConditionExpression == null) {
    parsed.condition = legacyExpected(request.Expected, request.ConditionalOperator);
  }
  if (shape.legacy.includes('AttributeUpdates') && request.AttributeUpdates != null) {
    parsed.attributeUpdates = checkAttributeUpdates(request.AttributeUpdates);
  }
  if (operation === 'Query') {
    if (request.KeyConditionExpression == null) {
      if (request.KeyConditions == null) {
        throw validationError(
          'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
        );
      }
      parsed.keyConditions = legacyKeyConditions(request.KeyConditions);
    }
    if (request.FilterExpression == null)
      parsed.filter = legacyFilter(request.QueryFilter, request.ConditionalOperator);
  }
  if (operation === 'Scan' && request.FilterExpression == null) {
    parsed.filter = legacyFilter(request.ScanFilter, request.ConditionalOperator);
  }
  return parsed;
}
