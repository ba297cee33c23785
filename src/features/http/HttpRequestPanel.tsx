/**
 * The playground's "HTTP request" tab: put an HTTP API, a REST API or a function URL in front of the function,
 * write a request (method, path, headers, body) and send it. The answer shows as `curl -i` prints it, with a
 * sentence on why API Gateway answered that way and the event the function received. Every rule lives in
 * src/sim/apigateway (the gateway) and src/sim/lambda (the invocation); this component only collects and shows.
 */
import { useId, useMemo, useState } from 'react';
import type { Workspace } from '../../app/workspaces';
import { VirtualClock } from '../../sim';
import {
  ApiGateway,
  INTEGRATION_TIMEOUT,
  type ApiView,
  STREAM_INTEGRATION_TIMEOUT_MAX_MS,
  type ExchangeStream,
  type HttpExchange,
} from '../../sim/apigateway';
import type { HttpChunk } from '../../sim/apigateway/streamedResponse';
import { curlOutput, curlRequest, parseHeaderLines } from './curl';
import { syncFrontDoor } from './gatewaySync';
import { HTTP_METHODS, useHttpStore, type ApiType, type HttpSaved } from './http.store';
import './http.css';

/** What the panel needs from the page's function (useLambdaFunction's result fits). */
export interface FunctionHandle {
  /** Apply the learner's definition to the service now; what the Lambda API refused. */
  applyNow(): Promise<string[]>;
  ensure(): Promise<Workspace>;
}

const API_TYPES: Array<{ id: ApiType; label: string }> = [
  { id: 'http', label: 'HTTP API (payload format 2.0 or 1.0)' },
  { id: 'rest', label: 'REST API (Lambda proxy, format 1.0)' },
  { id: 'url', label: 'Function URL' },
];

// Ids come from names alone, so a gateway with no Lambda behind it shows the endpoint before anything runs.
const preview = new ApiGateway({
  clock: new VirtualClock(),
  epochMs: 0,
  region: 'us-east-1',
  accountId: '123456789012',
  invoke: () => {
    throw new Error('preview only');
  },
});

function previewFrontDoor(
  functionName: string,
  saved: HttpSaved,
): { api: ApiView | null; error: string | null } {
  const result = syncFrontDoor(preview, functionName, saved);
  return result.ok ? { api: result.api, error: null } : { api: null, error: result.error };
}

interface Sent {
  command: string;
  exchange: HttpExchange;
}

/** A RESPONSE_STREAM body while it arrives: how much came, and the latest chunks (a long stream keeps its tail). */
interface LiveBody {
  count: number;
  bytes: number;
  chunks: HttpChunk[];
}

/** How many live chunks the list keeps on screen (a 200 MB stream may write tens of thousands). */
const LIVE_CHUNKS_SHOWN = 200;
/** How much of each live chunk is shown while the body streams (a chunk may be megabytes). */
const LIVE_PREVIEW_BYTES = 200;

export function HttpRequestPanel({ fn, functionName }: { fn: FunctionHandle; functionName: string }) {
  const s = useHttpStore();
  const ids = useId();
  const [sent, setSent] = useState<Sent | null>(null);
  const [sending, setSending] = useState(false);
  const [live, setLive] = useState<LiveBody | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const door = useMemo(() => previewFrontDoor(functionName, s), [functionName, s]);
  const headerProblem = useMemo(() => {
    const parsed = parseHeaderLines(s.headers);
    return parsed.ok ? null : parsed.error;
  }, [s.headers]);
  const restStreams = s.apiType === 'rest' && s.restTransferMode === 'STREAM';
  const limits =
    s.apiType === 'rest'
      ? { ...INTEGRATION_TIMEOUT.rest, ...(restStreams ? { max: STREAM_INTEGRATION_TIMEOUT_MAX_MS } : {}) }
      : INTEGRATION_TIMEOUT.http;
  const canSend = !sending && door.api !== null && headerProblem === null;

  const send = async () => {
    setProblem(null);
    setLive(null);
    setSending(true);
    try {
      const errors = await fn.applyNow();
      const ws = await fn.ensure();
      if (!ws.service.hasFunction(functionName)) {
        setProblem(errors.join(' ') || 'The function does not exist yet.');
        return;
      }
      const state = useHttpStore.getState();
      const front = syncFrontDoor(ws.apiGateway, functionName, state);
      if (!front.ok) {
        setProblem(front.error);
        return;
      }
      ws.live.sync();
      const built = curlRequest(state, front.api.endpoint, {
        epochMs: ws.service.epochMs + ws.clock.now(),
        region: ws.service.region,
      });
      if (!built.ok) {
        setProblem(built.error);
        return;
      }
      const streaming =
        (state.apiType === 'url' && state.invokeMode === 'RESPONSE_STREAM') ||
        (state.apiType === 'rest' && state.restTransferMode === 'STREAM');
      if (streaming) setLive({ count: 0, bytes: 0, chunks: [] });
      const exchange = await ws.apiGateway.send(
        built.request,
        streaming
          ? {
              // Each body chunk as it arrives on the virtual clock, before the exchange ends.
              onChunk: (chunk) =>
                setLive((body) => ({
                  count: (body?.count ?? 0) + 1,
                  bytes: (body?.bytes ?? 0) + chunk.bytes.byteLength,
                  chunks: [...(body?.chunks ?? []), chunk].slice(-LIVE_CHUNKS_SHOWN),
                })),
            }
          : {},
      );
      setSent({ command: built.command, exchange });
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setLive(null);
      setSending(false);
    }
  };

  const exchange = sent?.exchange;
  const ok = exchange?.outcome === 'ok' && (exchange.response?.statusCode ?? 500) < 400;
  return (
    <div className="http-panel">
      <p className="sbx-muted">
        Put API Gateway or a function URL in front of the function and send it HTTP. What comes back is API
        Gateway&apos;s answer: your response, mapped — or its own error when the function fails, returns the
        wrong format, is throttled or takes too long. The three front doors answer differently.
      </p>
      <fieldset className="pg-fieldset">
        <legend>Front door</legend>
        <div className="playground__fields">
          <label className="playground__field">
            API type
            <select
              value={s.apiType}
              onChange={(e) => s.set({ apiType: e.target.value as ApiType, sign: false })}
            >
              {API_TYPES.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
          {s.apiType === 'http' && (
            <label className="playground__field">
              Payload format version
              <select
                value={s.payloadFormatVersion}
                onChange={(e) => s.set({ payloadFormatVersion: e.target.value as '2.0' | '1.0' })}
              >
                <option value="2.0">2.0</option>
                <option value="1.0">1.0</option>
              </select>
            </label>
          )}
          {s.apiType === 'rest' && (
            <label className="playground__field">
              Stage
              <input type="text" value={s.stage} onChange={(e) => s.set({ stage: e.target.value })} />
            </label>
          )}
          {s.apiType === 'rest' && (
            <div className="playground__field">
              <label htmlFor={`${ids}-transfer-input`}>Response transfer mode</label>
              <select
                id={`${ids}-transfer-input`}
                value={s.restTransferMode ?? 'BUFFERED'}
                aria-describedby={`${ids}-transfer`}
                onChange={(e) => s.set({ restTransferMode: e.target.value as 'BUFFERED' | 'STREAM' })}
              >
                <option value="BUFFERED">BUFFERED</option>
                <option value="STREAM">STREAM</option>
              </select>
              <span id={`${ids}-transfer`} className="sbx-muted">
                STREAM invokes with InvokeWithResponseStream and sends the body as the handler writes it,
                after HttpResponseStream.from&apos;s metadata; the integration timeout may then be up to 15
                minutes. Only REST APIs stream.
              </span>
            </div>
          )}
          {s.apiType !== 'url' && (
            <div className="playground__field">
              <label htmlFor={`${ids}-timeout-input`}>Integration timeout (ms)</label>
              <input
                id={`${ids}-timeout-input`}
                type="number"
                inputMode="numeric"
                min={limits.min}
                max={limits.max}
                step={1}
                value={s.apiType === 'rest' ? s.restTimeoutMs : s.httpTimeoutMs}
                aria-describedby={`${ids}-timeout`}
                onChange={(e) =>
                  s.set(
                    s.apiType === 'rest'
                      ? { restTimeoutMs: e.target.valueAsNumber }
                      : { httpTimeoutMs: e.target.valueAsNumber },
                  )
                }
              />
              <span id={`${ids}-timeout`} className="sbx-muted">
                {limits.min.toLocaleString('en-US')}–{limits.max.toLocaleString('en-US')} ms of virtual time
              </span>
            </div>
          )}
          {s.apiType === 'url' && (
            <>
              <label className="playground__field">
                Auth type
                <select
                  value={s.authType}
                  onChange={(e) => s.set({ authType: e.target.value as 'NONE' | 'AWS_IAM' })}
                >
                  <option value="NONE">NONE</option>
                  <option value="AWS_IAM">AWS_IAM</option>
                </select>
              </label>
              <div className="playground__field">
                <label htmlFor={`${ids}-mode-input`}>Invoke mode</label>
                <select
                  id={`${ids}-mode-input`}
                  value={s.invokeMode}
                  aria-describedby={`${ids}-mode`}
                  onChange={(e) => s.set({ invokeMode: e.target.value as 'BUFFERED' | 'RESPONSE_STREAM' })}
                >
                  <option value="BUFFERED">BUFFERED</option>
                  <option value="RESPONSE_STREAM">RESPONSE_STREAM</option>
                </select>
                <span id={`${ids}-mode`} className="sbx-muted">
                  RESPONSE_STREAM streams a Node.js handler wrapped in awslambda.streamifyResponse chunk by
                  chunk. Python&apos;s managed runtime cannot stream: its result arrives whole, as one chunk.
                </span>
              </div>
            </>
          )}
        </div>
        {s.apiType !== 'url' && (
          <label className="playground__field">
            {s.apiType === 'http'
              ? 'Routes (one route key per line, e.g. GET /items/{id} or $default)'
              : 'Resources and methods (one per line, e.g. ANY /{proxy+})'}
            <textarea
              className="http-routes"
              spellCheck={false}
              value={s.apiType === 'http' ? s.httpRoutes : s.restRoutes}
              onChange={(e) =>
                s.set(s.apiType === 'http' ? { httpRoutes: e.target.value } : { restRoutes: e.target.value })
              }
            />
          </label>
        )}
        {door.error && (
          <p className="sbx-error" role="alert">
            {door.error}
          </p>
        )}
        {door.api && <FrontDoorSummary api={door.api} />}
      </fieldset>

      <fieldset className="pg-fieldset">
        <legend>Request</legend>
        <div className="playground__fields">
          <label className="playground__field">
            Method
            <select value={s.method} onChange={(e) => s.set({ method: e.target.value })}>
              {HTTP_METHODS.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <label className="playground__field http-path">
            Path
            <input
              type="text"
              spellCheck={false}
              value={s.path}
              onChange={(e) => s.set({ path: e.target.value })}
            />
          </label>
        </div>
        <div className="playground__field">
          <label htmlFor={`${ids}-headers-input`}>Headers</label>
          <textarea
            id={`${ids}-headers-input`}
            className="http-headers"
            spellCheck={false}
            value={s.headers}
            aria-invalid={headerProblem !== null}
            aria-describedby={`${ids}-headers`}
            onChange={(e) => s.set({ headers: e.target.value })}
          />
          <span id={`${ids}-headers`} className={headerProblem ? 'sbx-error' : 'sbx-muted'}>
            {headerProblem ?? 'Name: value, one per line. curl adds user-agent and accept.'}
          </span>
        </div>
        <label className="playground__field">
          Request body
          <textarea
            className="http-body"
            spellCheck={false}
            value={s.body}
            onChange={(e) => s.set({ body: e.target.value })}
          />
        </label>
        {s.apiType === 'url' && s.authType === 'AWS_IAM' && (
          <label>
            <input type="checkbox" checked={s.sign} onChange={(e) => s.set({ sign: e.target.checked })} />{' '}
            Sign the request with SigV4 (curl --aws-sigv4)
          </label>
        )}
        <div className="sbx__actions">
          <button
            type="button"
            className="sbx-primary"
            disabled={!canSend}
            aria-busy={sending}
            onClick={() => void send()}
          >
            Send request
          </button>
          {sending && (
            <span className="sbx-muted" role="status">
              Waiting for the response…
            </span>
          )}
        </div>
        {problem && (
          <p className="sbx-error" role="alert">
            {problem}
          </p>
        )}
      </fieldset>

      <section className="http-response" aria-label="HTTP response" aria-live="polite">
        <h3 className="sbx-heading">HTTP response</h3>
        {live && <LiveChunks body={live} />}
        {!sent && !live && (
          <p className="sbx-muted">Send a request to see the status, headers and body as curl shows them.</p>
        )}
        {sent && exchange && !live && (
          <>
            <p className="sbx-status">
              <span className={`sbx-badge sbx-badge--${ok ? 'ok' : 'bad'}`}>
                {exchange.response ? `HTTP ${exchange.response.statusCode}` : 'No answer'}
              </span>{' '}
              <span className="sbx-muted">
                {exchange.routeKey && (
                  <>
                    Route <code>{exchange.routeKey}</code> ·{' '}
                  </>
                )}
                {exchange.invocation && (
                  <>
                    Lambda request <code>{exchange.invocation.requestId}</code> ·{' '}
                  </>
                )}
                {exchange.latencyMs.toFixed(0)} ms
              </span>
            </p>
            <pre className="sbx-pre http-curl" tabIndex={0} aria-label="curl output">
              {`$ ${sent.command}\n\n${curlOutput(exchange)}`}
            </pre>
            <p className="http-explanation">{exchange.explanation}</p>
            {exchange.stream && <ResponseChunks stream={exchange.stream} />}
          </>
        )}
      </section>
      {exchange && exchange.event !== null && (
        <details className="http-event">
          <summary>Event the function received</summary>
          <pre className="sbx-pre" tabIndex={0} aria-label="Event the function received">
            {JSON.stringify(exchange.event, null, 2)}
          </pre>
        </details>
      )}
    </div>
  );
}

function FrontDoorSummary({ api }: { api: ApiView }) {
  return (
    <div className="http-door">
      <p>
        Endpoint <code className="http-endpoint">{api.endpoint}</code>
      </p>
      {api.kind === 'url' ? (
        <p className="sbx-muted">
          Every path and method reaches the function ({api.authType}, {api.invokeMode}).
        </p>
      ) : (
        <ApiRoutes api={api} />
      )}
    </div>
  );
}

/** An API's routes and where they lead (the console's view of an API uses this too). */
export function ApiRoutes({ api }: { api: ApiView }) {
  const target = `${api.functionName}${api.qualifier ? `:${api.qualifier}` : ''}`;
  if (api.routes.length === 0)
    return <p className="sbx-muted">No routes: every request gets {api.kind === 'rest' ? '403' : '404'}.</p>;
  return (
    <ul className="pg-list http-routes-list" aria-label={`Routes of ${api.name}`}>
      {api.routes.map((route) => (
        <li key={route}>
          <code>{route}</code> → Lambda <code>{target}</code> (payload {api.payloadFormatVersion}
          {api.integrationTimeoutMs !== null
            ? `, timeout ${api.integrationTimeoutMs.toLocaleString('en-US')} ms`
            : ''}
          {api.responseTransferMode === 'STREAM' ? ', response transfer mode STREAM' : ''})
        </li>
      ))}
    </ul>
  );
}

/**
 * A RESPONSE_STREAM function URL's body as it arrived: each chunk with its virtual time since the request, and
 * the time to first byte (the status line went out with the prelude). The gateway computed every figure.
 */
function ResponseChunks({ stream }: { stream: ExchangeStream }) {
  const decoder = new TextDecoder();
  return (
    <div className="http-chunks">
      <p className="sbx-muted">
        {stream.streamed
          ? `Time to first byte ${formatOffset(stream.firstByteMs)}, last byte ${formatOffset(stream.totalMs)}.`
          : 'The handler did not stream: its whole result came as one chunk when it returned.'}
        {stream.interruptedBy && ` The stream ended early: ${stream.interruptedBy}.`}
      </p>
      <ol className="sbx-pre http-chunk-list" aria-label="Response chunks">
        {stream.chunks.map((chunk, index) => (
          <li key={index}>
            <span className="sbx-muted">+{formatOffset(chunk.offsetMs)}</span>{' '}
            <code>{JSON.stringify(decoder.decode(chunk.bytes))}</code>
          </li>
        ))}
      </ol>
    </div>
  );
}

/**
 * The body of a RESPONSE_STREAM function URL while it streams: each chunk as it arrives. Screen readers hear a
 * polite summary ("3 chunks, 1.2 KB so far"), not every chunk: the list itself is not a live region.
 */
function LiveChunks({ body }: { body: LiveBody }) {
  const decoder = new TextDecoder();
  const first = body.count - body.chunks.length;
  return (
    <div className="http-chunks http-chunks--live">
      <p className="sbx-muted" role="status">
        {body.count === 0
          ? 'Streaming: waiting for the first byte…'
          : `Streaming: ${body.count} chunk${body.count === 1 ? '' : 's'}, ${formatBytes(body.bytes)} so far`}
      </p>
      <ol
        className="sbx-pre http-chunk-list"
        aria-label="Response chunks"
        aria-live="off"
        start={first + 1}
        data-chunks={body.count}
      >
        {body.chunks.map((chunk, index) => (
          <li key={first + index} className="http-chunk--new">
            <span className="sbx-muted">+{formatOffset(chunk.offsetMs)}</span>{' '}
            <code>{JSON.stringify(decoder.decode(chunk.bytes.subarray(0, LIVE_PREVIEW_BYTES)))}</code>
            {chunk.bytes.byteLength > LIVE_PREVIEW_BYTES && (
              <span className="sbx-muted"> … {formatBytes(chunk.bytes.byteLength)} in all</span>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** 6 B, 1.2 KB, 3.4 MB (binary units, as the streaming limits are). */
function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function formatOffset(ms: number | null): string {
  if (ms === null) return '—';
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}
