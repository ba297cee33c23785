import { describe, expect, it } from 'vitest';
import { functionArn, parseFunctionName } from './functionNames';

const account = { region: 'us-east-1', accountId: '123456789012' };

describe('FunctionName forms the Invoke API accepts', () => {
  it.each([
    ['orders', { name: 'orders' }],
    ['orders:live', { name: 'orders', qualifier: 'live' }],
    ['orders:$LATEST', { name: 'orders', qualifier: '$LATEST' }],
    ['123456789012:function:orders', { name: 'orders' }],
    ['123456789012:function:orders:3', { name: 'orders', qualifier: '3' }],
    ['arn:aws:lambda:us-east-1:123456789012:function:orders', { name: 'orders' }],
    ['arn:aws:lambda:us-east-1:123456789012:function:orders:live', { name: 'orders', qualifier: 'live' }],
  ])('%s', (value, expected) => expect(parseFunctionName(value, account)).toEqual(expected));

  it('another account or Region, or a malformed name, names nothing here', () => {
    expect(parseFunctionName('arn:aws:lambda:eu-west-1:123456789012:function:orders', account)).toBeNull();
    expect(parseFunctionName('999999999999:function:orders', account)).toBeNull();
    expect(parseFunctionName('orders/../x', account)).toBeNull();
  });

  it('ARNs are built back with the qualifier', () => {
    expect(functionArn(account, { name: 'orders', qualifier: 'live' })).toBe(
      'arn:aws:lambda:us-east-1:123456789012:function:orders:live',
    );
  });
});
