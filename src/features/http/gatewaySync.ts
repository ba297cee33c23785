/**
 * Keeping the playground function's front door (in the workspace's `apiGateway`) in step with what the learner
 * chose (http.store.ts): the API is re-created when its settings change — its id comes from its name, so the
 * endpoint stays the same — and left alone otherwise.
 */
import type { ApiGateway, ApiView } from '../../sim/apigateway';
import type { HttpSaved } from './http.store';

const applied = new WeakMap<ApiGateway, Map<string, { key: string; id: string }>>();

function routeLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** The API (or function URL) the function's front door is, created or re-created as the settings say. */
export function syncFrontDoor(
  gateway: ApiGateway,
  functionName: string,
  saved: HttpSaved,
): { ok: true; api: ApiView } | { ok: false; error: string } {
  const name = `${functionName}-${saved.apiType === 'url' ? 'url' : saved.apiType === 'rest' ? 'rest-api' : 'http-api'}`;
  const settings =
    saved.apiType === 'http'
      ? {
          routes: routeLines(saved.httpRoutes),
          payloadFormatVersion: saved.payloadFormatVersion,
          integrationTimeoutMs: saved.httpTimeoutMs,
        }
      : saved.apiType === 'rest'
        ? {
            routes: routeLines(saved.restRoutes),
            stage: saved.stage.trim(),
            integrationTimeoutMs: saved.restTimeoutMs,
            responseTransferMode: saved.restTransferMode ?? 'BUFFERED',
          }
        : { authType: saved.authType, invokeMode: saved.invokeMode };
  const key = JSON.stringify([saved.apiType, settings]);
  let byFunction = applied.get(gateway);
  if (!byFunction) applied.set(gateway, (byFunction = new Map()));
  const current = byFunction.get(functionName);
  if (current && current.key === key) {
    const api = gateway.get(current.id);
    if (api) return { ok: true, api };
  }
  if (current) gateway.delete(current.id);
  byFunction.delete(functionName);
  const created =
    saved.apiType === 'http'
      ? gateway.createHttpApi({
          name,
          functionName,
          ...(settings as {
            routes: string[];
            payloadFormatVersion: '2.0' | '1.0';
            integrationTimeoutMs: number;
          }),
        })
      : saved.apiType === 'rest'
        ? gateway.createRestApi({
            name,
            functionName,
            ...(settings as {
              routes: string[];
              stage: string;
              integrationTimeoutMs: number;
              responseTransferMode: 'BUFFERED' | 'STREAM';
            }),
          })
        : gateway.createFunctionUrl({ functionName, authType: saved.authType, invokeMode: saved.invokeMode });
  if (!created.ok) return { ok: false, error: `${created.errorType}: ${created.message}` };
  byFunction.set(functionName, { key, id: created.api.id });
  return { ok: true, api: created.api };
}
