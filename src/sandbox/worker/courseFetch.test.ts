/**
 * `fetch` inside an environment: the course internet's hosts go over the port as a request the page answers;
 * every other origin fails with the sandbox's error before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import type { AwsCallRequest, AwsCallResponse } from '../../sim/lambda/host';
import { createCourseFetch } from './courseFetch';

function recorder(response: AwsCallResponse) {
  const sent: AwsCallRequest[] = [];
  const fetch = createCourseFetch((request) => {
    sent.push(request);
    return Promise.resolve(response);
  });
  return { sent, fetch };
}

describe('the course fetch', () => {
  it('sends a course-internet request over the port with its method, path, query, headers and body', async () => {
    const { sent, fetch } = recorder({
      statusCode: 201,
      headers: { 'content-type': 'application/json' },
      body: new TextEncoder().encode('{"ok":true}'),
    });
    const response = await fetch('https://API.example.com/echo?a=1&a=2&b=3', {
      method: 'POST',
      headers: { 'x-test': 'yes' },
      body: 'hello',
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      method: 'POST',
      hostname: 'api.example.com',
      path: '/echo',
      query: { a: ['1', '2'], b: '3' },
      headers: { 'x-test': 'yes' },
    });
    expect(new TextDecoder().decode(sent[0]!.body)).toBe('hello');
  });

  it('refuses any other origin with NetworkBlockedError and sends nothing', async () => {
    const { sent, fetch } = recorder({ statusCode: 200, headers: {}, body: new Uint8Array() });
    await expect(fetch('https://example.org/')).rejects.toMatchObject({ name: 'NetworkBlockedError' });
    expect(sent).toHaveLength(0);
  });
});
