/**
 * `fetch` inside an environment: requests to the course's own "internet" hosts (src/sim/vpc/internet.ts) travel
 * over the environment's port like an SDK call (`aws.call`), so the page answers them — after the function's
 * network (VPC, NAT gateway) has had its say. Every other origin stays closed with the sandbox's usual error: no
 * request ever leaves the page.
 */
import type { AwsCallRequest, AwsCallResponse } from '../../sim/lambda/host';
import { COURSE_INTERNET_HOSTS, isCourseInternetHost } from '../../sim/vpc/internet';
import { NETWORK_BLOCKED } from './network';

export function createCourseFetch(
  send: (request: AwsCallRequest) => Promise<AwsCallResponse>,
): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  return async function fetch(input, init) {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (!isCourseInternetHost(url.hostname)) {
      const error = new Error(
        `${NETWORK_BLOCKED} (fetch ${url.origin}; the course's internet answers ${COURSE_INTERNET_HOSTS.map((host) => `https://${host}`).join(', ')})`,
      );
      error.name = 'NetworkBlockedError';
      throw error;
    }
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const query: Record<string, string | string[]> = {};
    url.searchParams.forEach((value, name) => {
      const seen = query[name];
      query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
    });
    const body =
      request.method === 'GET' || request.method === 'HEAD'
        ? new Uint8Array()
        : new Uint8Array(await request.arrayBuffer());
    const response = await send({
      method: request.method,
      hostname: url.hostname.toLowerCase(),
      path: url.pathname,
      query,
      headers,
      body,
    });
    const empty = response.statusCode === 204 || response.statusCode === 304 || request.method === 'HEAD';
    return new Response(empty ? null : (response.body as BodyInit), {
      status: response.statusCode,
      headers: response.headers,
    });
  };
}
