import { describe, expect, it } from 'vitest';
import { httpResultOf } from './events';

describe('httpResultOf: what an HTTP API client receives for a Lambda proxy result', () => {
  it("turns a function error into API Gateway's 500", () => {
    const r = httpResultOf({
      body: { errorType: 'SyntaxError', errorMessage: 'x' },
      functionError: 'Unhandled',
    });
    expect(r).toMatchObject({
      statusCode: 500,
      functionFailed: true,
      body: { message: 'Internal Server Error' },
    });
  });

  it('uses statusCode and parses a JSON body string; a text body stays text', () => {
    expect(httpResultOf({ body: { statusCode: 201, body: '{"orderId":"o-1"}' } })).toMatchObject({
      statusCode: 201,
      body: { orderId: 'o-1' },
      functionFailed: false,
    });
    expect(httpResultOf({ body: { statusCode: '404', body: 'nope' } })).toMatchObject({
      statusCode: 404,
      body: 'nope',
    });
  });

  it('answers 200 with the result as JSON when it has no statusCode (payload format 2.0)', () => {
    expect(httpResultOf({ body: { hello: 'world' } })).toMatchObject({
      statusCode: 200,
      rawBody: '{"hello":"world"}',
    });
  });
});
