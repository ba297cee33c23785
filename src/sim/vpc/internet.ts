/**
 * The course's "internet": a few endpoints the page itself answers, so that learner code can `fetch` something
 * outside AWS without any real network request (the sandbox allows no other origin). Whether a function reaches
 * them depends on its network exactly as for a real server: outside a VPC through Lambda's network, in a VPC only
 * through a NAT gateway (reachability.ts). `checkip.example.com` answers with the address the request came from,
 * so a learner can see a NAT gateway's Elastic IP appear.
 *
 * Hosts use the `example.com` names reserved for documentation (RFC 2606): they never collide with real services.
 */
import { utf8, text, type AwsHttpRequest, type AwsHttpResponse } from '../aws/http';

export const COURSE_INTERNET_HOSTS: readonly string[] = ['checkip.example.com', 'api.example.com'];

export function isCourseInternetHost(hostname: string): boolean {
  return COURSE_INTERNET_HOSTS.includes(hostname.toLowerCase());
}

function json(statusCode: number, value: unknown): AwsHttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', server: 'coldstart-course-internet' },
    body: utf8(`${JSON.stringify(value, null, 2)}\n`),
  };
}

/**
 * Answers a request to a course internet host. `sourceIp` is the address the request arrives from (Lambda's
 * public address, or a NAT gateway's); `nowEpochMs` the virtual wall-clock time.
 */
export function answerCourseInternet(
  request: AwsHttpRequest,
  context: { sourceIp: string; nowEpochMs: number },
): AwsHttpResponse {
  const host = request.hostname.toLowerCase();
  if (host === 'checkip.example.com') return json(200, { ip: context.sourceIp });
  const path = request.path.split('?')[0] ?? '/';
  if (path === '/time') return json(200, { now: new Date(context.nowEpochMs).toISOString() });
  if (path === '/echo' || path.startsWith('/echo/'))
    return json(200, {
      method: request.method,
      path: request.path,
      query: request.query,
      headers: request.headers,
      body: text(request.body),
      sourceIp: context.sourceIp,
    });
  if (path === '/' || path === '')
    return json(200, {
      endpoints: [
        'https://api.example.com/time',
        'https://api.example.com/echo',
        'https://checkip.example.com/',
      ],
    });
  return json(404, { message: `Not found: ${path}` });
}
