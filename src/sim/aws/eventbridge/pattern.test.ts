/**
 * Event pattern matching against the behaviours AWS documents in the EventBridge User Guide ("Event patterns",
 * "Content filtering in Amazon EventBridge event patterns"), with events written for these tests.
 */
import { describe, expect, it } from 'vitest';
import { compilePattern, PatternError } from './pattern';

const instanceEvent = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: {
    'instance-id': 'i-1234567890abcdef0',
    state: 'terminated',
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    sourceIPAddress: '10.0.0.123',
    FileName: 'photo.png',
    filePath: '/usr/lib/node',
    responseElements: null,
    eventVersion: '',
    tags: ['blue', 'green'],
    location: { city: 'Seattle' },
  },
};

function matches(pattern: unknown, event: unknown = instanceEvent): boolean {
  return compilePattern(pattern).matches(event);
}

describe('event patterns: structure', () => {
  it('matches when every field matches, and ignores fields the pattern does not name', () => {
    expect(matches({ source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] })).toBe(
      true,
    );
    expect(matches({ source: ['aws.ec2'], 'detail-type': ['Something else'] })).toBe(false);
  });

  it('treats the values of a leaf array as alternatives', () => {
    expect(matches({ detail: { state: ['pending', 'terminated'] } })).toBe(true);
    expect(matches({ detail: { state: ['pending', 'running'] } })).toBe(false);
  });

  it('matches nested fields and fails when the field is missing', () => {
    expect(matches({ detail: { location: { city: ['Seattle'] } } })).toBe(true);
    expect(matches({ detail: { location: { country: ['US'] } } })).toBe(false);
  });

  it('matches an event array when any element matches', () => {
    expect(
      matches({ resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0', 'other'] }),
    ).toBe(true);
    expect(matches({ detail: { tags: ['green'] } })).toBe(true);
    expect(matches({ detail: { tags: ['red'] } })).toBe(false);
  });

  it('is case-sensitive and type-aware for exact values', () => {
    expect(matches({ detail: { state: ['Terminated'] } })).toBe(false);
    expect(matches({ detail: { 'c-count': [5] } })).toBe(true);
    expect(matches({ detail: { 'c-count': ['5'] } })).toBe(false);
  });

  it('matches null and empty-string values', () => {
    expect(matches({ detail: { responseElements: [null] } })).toBe(true);
    expect(matches({ detail: { eventVersion: [''] } })).toBe(true);
    expect(matches({ detail: { state: [null] } })).toBe(false);
  });
});

describe('content filtering', () => {
  it('prefix, also ignoring case', () => {
    expect(matches({ time: [{ prefix: '2017-12-22' }] })).toBe(true);
    expect(matches({ time: [{ prefix: '2018' }] })).toBe(false);
    expect(matches({ source: [{ prefix: { 'equals-ignore-case': 'AWS.' } }] })).toBe(true);
  });

  it('suffix, also ignoring case', () => {
    expect(matches({ detail: { FileName: [{ suffix: '.png' }] } })).toBe(true);
    expect(matches({ detail: { FileName: [{ suffix: { 'equals-ignore-case': '.PNG' } }] } })).toBe(true);
    expect(matches({ detail: { FileName: [{ suffix: '.jpg' }] } })).toBe(false);
  });

  it('anything-but with a value, a list, a number, a prefix, a suffix, ignoring case and a wildcard', () => {
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } })).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } })).toBe(false);
    expect(matches({ detail: { 'c-count': [{ 'anything-but': 5 }] } })).toBe(false);
    expect(matches({ detail: { 'c-count': [{ 'anything-but': [1, 2] }] } })).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'term' } }] } })).toBe(false);
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } })).toBe(true);
    expect(matches({ detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } })).toBe(true);
    expect(
      matches({
        detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'TERMINATED'] } }] },
      }),
    ).toBe(false);
    expect(matches({ detail: { filePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } })).toBe(false);
    // A missing field matches nothing, anything-but included.
    expect(matches({ detail: { missing: [{ 'anything-but': 'x' }] } })).toBe(false);
  });

  it('numeric ranges and equality', () => {
    expect(matches({ detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } })).toBe(true);
    expect(matches({ detail: { 'c-count': [{ numeric: ['>', 5] }] } })).toBe(false);
    expect(matches({ detail: { 'd-count': [{ numeric: ['<', 10] }] } })).toBe(true);
    expect(matches({ detail: { 'x-limit': [{ numeric: ['=', 3.018e2] }] } })).toBe(true);
    // Numeric matching applies to JSON numbers only.
    expect(matches({ detail: { state: [{ numeric: ['>', 0] }] } })).toBe(false);
  });

  it('IP address ranges (cidr)', () => {
    expect(matches({ detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } })).toBe(true);
    expect(matches({ detail: { sourceIPAddress: [{ cidr: '10.0.1.0/24' }] } })).toBe(false);
    expect(matches({ ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:db8:0:1::5' })).toBe(true);
  });

  it('exists true and false (leaf fields only)', () => {
    expect(matches({ detail: { 'c-count': [{ exists: true }] } })).toBe(true);
    expect(matches({ detail: { 'c-count': [{ exists: false }] } })).toBe(false);
    expect(matches({ detail: { 'e-count': [{ exists: false }] } })).toBe(true);
    expect(matches({ detail: { location: [{ exists: true }] } })).toBe(false);
  });

  it('equals-ignore-case', () => {
    expect(
      matches({ 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] }),
    ).toBe(true);
  });

  it('wildcards, with escapes', () => {
    expect(matches({ detail: { filePath: [{ wildcard: '/usr/*/node' }] } })).toBe(true);
    expect(matches({ detail: { filePath: [{ wildcard: '*lib' }] } })).toBe(false);
    expect(matches({ a: [{ wildcard: 'x\\*y' }] }, { a: 'x*y' })).toBe(true);
    expect(matches({ a: [{ wildcard: 'x\\*y' }] }, { a: 'xzzy' })).toBe(false);
  });

  it('$or across fields', () => {
    const pattern = {
      detail: {
        $or: [{ 'c-count': [{ numeric: ['>', 10] }] }, { 'd-count': [{ numeric: ['<', 10] }] }],
      },
    };
    expect(matches(pattern)).toBe(true);
    expect(matches({ detail: { $or: [{ 'c-count': [0] }, { 'd-count': [0] }] } })).toBe(false);
    expect(matches({ source: ['aws.ec2'], $or: [{ region: ['us-west-1'] }, { account: ['nope'] }] })).toBe(
      true,
    );
  });
});

describe('invalid patterns', () => {
  it.each([
    ['not an object', '[1]'],
    ['a leaf that is not an array', '{"source": "aws.ec2"}'],
    ['an empty array', '{"source": []}'],
    ['an unknown operator', '{"source": [{"contains": "x"}]}'],
    ['a bad numeric operator', '{"n": [{"numeric": ["!=", 1]}]}'],
    ['consecutive wildcards', '{"s": [{"wildcard": "a**b"}]}'],
    ['exists with a non-boolean', '{"s": [{"exists": "yes"}]}'],
    ['$or with one alternative', '{"$or": [{"a": [1]}]}'],
  ])('rejects %s', (_name, pattern) => {
    expect(() => compilePattern(pattern)).toThrow(PatternError);
  });
});
