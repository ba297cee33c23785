import { describe, expect, it } from 'vitest';
import { parseExpressions, type ExpressionRequest } from './expressions';

function problem(
  request: ExpressionRequest,
  kinds = ['ConditionExpression', 'UpdateExpression'] as const,
): string {
  try {
    parseExpressions(request, kinds);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

describe('expression validation (DynamoDB messages)', () => {
  it('reports syntax errors with the token and its neighbours', () => {
    expect(
      problem({ UpdateExpression: 'SET a = :v,', ExpressionAttributeValues: { ':v': { N: '1' } } }),
    ).toBe('Invalid UpdateExpression: Syntax error; token: "<EOF>", near: ","');
    expect(
      problem({ ConditionExpression: 'a = = :v', ExpressionAttributeValues: { ':v': { N: '1' } } }),
    ).toMatch(/^Invalid ConditionExpression: Syntax error; token: "=", near: "= = :v"$/);
    expect(
      problem({ ConditionExpression: 'a IN ([1', ExpressionAttributeValues: { ':v': { N: '1' } } }),
    ).toMatch(/^Invalid ConditionExpression: Syntax error; token: "\["/);
  });

  it('rejects reserved words used as attribute names ("Reserved words in DynamoDB")', () => {
    expect(
      problem({ UpdateExpression: 'SET status = :s', ExpressionAttributeValues: { ':s': { S: 'x' } } }),
    ).toBe('Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status');
    expect(
      problem({
        UpdateExpression: 'SET #status = :s',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'x' } },
      }),
    ).toBe('no error');
  });

  it('rejects undefined and unused placeholders', () => {
    expect(
      problem({ ConditionExpression: '#missing = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } }),
    ).toBe(
      'Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #missing',
    );
    expect(problem({ ConditionExpression: 'a = :missing' })).toBe(
      'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :missing',
    );
    expect(
      problem({
        ConditionExpression: 'a = :v',
        ExpressionAttributeNames: { '#unused': 'x' },
        ExpressionAttributeValues: { ':v': { S: 'x' } },
      }),
    ).toBe('Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}');
    expect(
      problem({
        ConditionExpression: 'a = :v',
        ExpressionAttributeValues: { ':v': { S: 'x' }, ':w': { S: 'y' } },
      }),
    ).toBe('Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}');
  });

  it('rejects placeholders without expressions, empty maps and empty expressions', () => {
    expect(problem({ ExpressionAttributeNames: { '#a': 'a' } })).toBe(
      'ExpressionAttributeNames can only be specified when using expressions',
    );
    expect(problem({ ExpressionAttributeValues: { ':a': { S: 'a' } } })).toBe(
      'ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null',
    );
    expect(problem({ ConditionExpression: 'a = :v', ExpressionAttributeValues: {} })).toBe(
      'ExpressionAttributeValues must not be empty',
    );
    expect(problem({ ConditionExpression: '' })).toBe(
      'Invalid ConditionExpression: The expression can not be empty;',
    );
    expect(problem({ ConditionExpression: 'a = :v', ExpressionAttributeValues: { v: { S: 'x' } } })).toBe(
      'ExpressionAttributeValues contains invalid key: Syntax error; key: "v"',
    );
    expect(problem({ ConditionExpression: 'a = :v', ExpressionAttributeValues: { ':v': { SS: [] } } })).toBe(
      'ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :v',
    );
  });

  it('reports misuse that the grammar accepts but DynamoDB refuses', () => {
    const values = { ExpressionAttributeValues: { ':v': { N: '1' }, ':w': { N: '2' } } };
    expect(problem({ ConditionExpression: 'size(a)', ...values })).toMatch(
      /The function is not allowed to be used this way in an expression; function: size/,
    );
    expect(problem({ ConditionExpression: 'a BETWEEN :w AND :v', ...values })).toMatch(
      /The BETWEEN operator requires upper bound to be greater than or equal to lower bound/,
    );
    expect(problem({ ConditionExpression: 'unknown_function(a)', ...values })).toMatch(
      /Invalid function name; function: unknown_function/,
    );
    expect(problem({ UpdateExpression: 'SET a = :v SET b = :w', ...values })).toBe(
      'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;',
    );
    expect(
      problem({ UpdateExpression: 'SET a = :v REMOVE a', ExpressionAttributeValues: { ':v': { N: '1' } } }),
    ).toBe(
      'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]',
    );
    expect(problem({ UpdateExpression: 'ADD a :v', ExpressionAttributeValues: { ':v': { S: 'x' } } })).toBe(
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING',
    );
  });
});

describe('parse cache', () => {
  it('keeps trees apart when only the placeholder values differ', () => {
    const first = parseExpressions(
      { ConditionExpression: 'a = :v', ExpressionAttributeValues: { ':v': { N: '1' } } },
      ['ConditionExpression'],
    );
    const second = parseExpressions(
      { ConditionExpression: 'a = :v', ExpressionAttributeValues: { ':v': { N: '2' } } },
      ['ConditionExpression'],
    );
    expect(first.condition).toEqual({ type: '=', args: [['a'], { N: '1' }] });
    expect(second.condition).toEqual({ type: '=', args: [['a'], { N: '2' }] });
  });

  it('still counts placeholders as used on a repeat, and still reports unused ones', () => {
    const request = () => ({
      ConditionExpression: '#a = :v',
      ExpressionAttributeNames: { '#a': 'a' },
      ExpressionAttributeValues: { ':v': { S: 'x' } },
    });
    expect(problem(request())).toBe('no error');
    expect(problem(request())).toBe('no error');
    expect(problem({ ...request(), ExpressionAttributeNames: { '#a': 'a', '#b': 'b' } })).toBe(
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}',
    );
    // One placeholder shared by two expressions of a request is used once it appears in either.
    expect(
      problem({
        UpdateExpression: 'SET b = :v',
        ConditionExpression: '#a = :v',
        ExpressionAttributeNames: { '#a': 'a' },
        ExpressionAttributeValues: { ':v': { S: 'x' } },
      }),
    ).toBe('no error');
  });

  it('canonicalises values before keying, so equal numbers share a tree', () => {
    const parsed = parseExpressions(
      { ConditionExpression: 'a = :v', ExpressionAttributeValues: { ':v': { N: '01.0' } } },
      ['ConditionExpression'],
    );
    expect(parsed.condition).toEqual({ type: '=', args: [['a'], { N: '1' }] });
  });
});
