/**
 * The playground function's front door and the request the learner last wrote, saved automatically
 * (`http-request`): which kind of endpoint (HTTP API, REST API or function URL), its routes and settings, and the
 * method, path, headers and body of the HTTP request panel. The API Gateway model is rebuilt from this on each
 * send (gatewaySync.ts); this store is what survives a reload.
 */
import { z } from 'zod/mini';
import { createPersistedStore } from '../../platform/persist';
import type { KeyValueStorage } from '../../platform/storage';

export const HTTP_STORE_VERSION = 1;

export type ApiType = 'http' | 'rest' | 'url';

export interface HttpSaved {
  apiType: ApiType;
  /** HTTP API route keys, one per line. */
  httpRoutes: string;
  payloadFormatVersion: '2.0' | '1.0';
  /** REST API resources and methods (`ANY /{proxy+}`), one per line. */
  restRoutes: string;
  stage: string;
  /** Integration timeout in ms (HTTP API up to 30,000; REST API up to 29,000). */
  httpTimeoutMs: number;
  restTimeoutMs: number;
  /**
   * The REST API integration's response transfer mode (STREAM: API Gateway streams the body as the function
   * writes it). Optional so that what earlier versions saved still loads; absent means BUFFERED.
   */
  restTransferMode?: 'BUFFERED' | 'STREAM';
  authType: 'NONE' | 'AWS_IAM';
  invokeMode: 'BUFFERED' | 'RESPONSE_STREAM';
  method: string;
  path: string;
  /** `Name: value` per line. */
  headers: string;
  body: string;
  sign: boolean;
}

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export const DEFAULT_HTTP: HttpSaved = {
  apiType: 'http',
  httpRoutes: 'GET /items/{id}\nPOST /items\n$default',
  payloadFormatVersion: '2.0',
  restRoutes: 'ANY /{proxy+}\nANY /',
  stage: 'prod',
  httpTimeoutMs: 30_000,
  restTimeoutMs: 29_000,
  restTransferMode: 'BUFFERED',
  authType: 'NONE',
  invokeMode: 'BUFFERED',
  method: 'POST',
  path: '/items',
  headers: 'content-type: application/json',
  body: '{"name": "widget", "qty": 2}',
  sign: false,
};

export const httpSavedSchema = z.object({
  apiType: z.enum(['http', 'rest', 'url']),
  httpRoutes: z.string(),
  payloadFormatVersion: z.enum(['2.0', '1.0']),
  restRoutes: z.string(),
  stage: z.string(),
  httpTimeoutMs: z.number(),
  restTimeoutMs: z.number(),
  restTransferMode: z.optional(z.enum(['BUFFERED', 'STREAM'])),
  authType: z.enum(['NONE', 'AWS_IAM']),
  invokeMode: z.enum(['BUFFERED', 'RESPONSE_STREAM']),
  method: z.string(),
  path: z.string(),
  headers: z.string(),
  body: z.string(),
  sign: z.boolean(),
});

export interface HttpState extends HttpSaved {
  set(patch: Partial<HttpSaved>): void;
}

export function partializeHttp(s: HttpSaved): HttpSaved {
  const out = {} as Record<string, unknown>;
  for (const key of Object.keys(DEFAULT_HTTP)) out[key] = (s as unknown as Record<string, unknown>)[key];
  return out as unknown as HttpSaved;
}

export function createHttpStore(options: { storage?: KeyValueStorage } = {}) {
  return createPersistedStore<HttpState, HttpSaved>(
    {
      name: 'http-request',
      version: HTTP_STORE_VERSION,
      schema: httpSavedSchema,
      partialize: partializeHttp,
      ...(options.storage ? { storage: options.storage } : {}),
    },
    (set) => ({
      ...DEFAULT_HTTP,
      set: (patch) => set(patch),
    }),
  );
}

export const useHttpStore = createHttpStore();
