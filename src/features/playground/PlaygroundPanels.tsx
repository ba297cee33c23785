/**
 * The playground's settings as tabs under the editor: the test event, the function's configuration, versions and
 * aliases, concurrency, asynchronous invocation and logging. Each panel edits the playground store; the service
 * gets the changes before the next invoke (functionSync.ts) and answers with AWS's own errors.
 */
import { useId, useState, type ReactNode } from 'react';
import { Tabs } from '../../ui/Tabs';
import type { ProvisionedStatus } from '../../sim';
import { EVENT_TEMPLATES, templateText } from './fixtures';
import { DEMO_LAYERS } from './functionSync';
import type { PlaygroundLevel, PlaygroundState } from './playground.store';

export type PanelId =
  | 'event'
  | 'configuration'
  | 'versions'
  | 'concurrency'
  | 'async'
  | 'logging'
  // esm: event source mappings and the VPC (src/features/eventSources, src/features/vpc)
  | 'eventSources'
  | 'vpc'
  // apigw: src/features/http
  | 'http';

const PANELS: Array<{ id: PanelId; label: string }> = [
  { id: 'event', label: 'Test event' },
  { id: 'configuration', label: 'Configuration' },
  { id: 'versions', label: 'Versions and aliases' },
  { id: 'concurrency', label: 'Concurrency' },
  { id: 'async', label: 'Asynchronous invocation' },
  { id: 'logging', label: 'Logging' },
  // Hook-in (src/features/http): API Gateway and function URLs in front of the function.
  { id: 'http', label: 'HTTP request' },
  { id: 'eventSources', label: 'Event sources' },
  { id: 'vpc', label: 'VPC' },
];

/** WAI-ARIA tabs: arrow keys move between tabs, the panel follows. */
export function SettingsTabs({ children }: { children: (id: PanelId) => ReactNode }) {
  return (
    <Tabs label="Function settings" tabs={PANELS} className="pg-tabs">
      {children}
    </Tabs>
  );
}

/** A whole-number field that keeps what is typed and reports a problem on commit, never clamping keystrokes. */
export function NumberField(props: {
  label: string;
  min: number;
  max: number;
  value: number;
  onChange: (value: number) => void;
  hint?: string;
}) {
  const [text, setText] = useState(String(props.value));
  const [last, setLast] = useState(props.value);
  const id = useId();
  // The value changed from outside (a reset, another control): show it, unless it is this field's own NaN.
  if (!Object.is(props.value, last)) {
    setLast(props.value);
    if (!Number.isNaN(props.value) && Number(text) !== props.value) setText(String(props.value));
  }
  const n = Number(text);
  const problem =
    text.trim() === '' || !Number.isInteger(n)
      ? 'Enter a whole number.'
      : n < props.min || n > props.max
        ? `Enter a number from ${props.min.toLocaleString('en-US')} to ${props.max.toLocaleString('en-US')}.`
        : null;
  const commit = () => props.onChange(problem ? NaN : n);
  return (
    <label className="playground__field">
      {props.label}
      <input
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        step={1}
        value={text}
        aria-invalid={problem !== null}
        aria-describedby={problem || props.hint ? `${id}-hint` : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {(problem || props.hint) && (
        <span id={`${id}-hint`} className={problem ? 'sbx-error' : 'sbx-muted'}>
          {problem ?? props.hint}
        </span>
      )}
    </label>
  );
}

export function EventPanel({
  s,
  json,
}: {
  s: PlaygroundState;
  json: { ok: true } | { ok: false; problem: { line: number; column: number; message: string } };
}) {
  const id = useId();
  return (
    <>
      <label className="playground__field">
        Event template
        <select
          value={s.templateId}
          onChange={(e) => s.set({ templateId: e.target.value, event: templateText(e.target.value) })}
        >
          {EVENT_TEMPLATES.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      <textarea
        className="playground__json"
        aria-label="Test event"
        aria-invalid={!json.ok}
        aria-describedby={`${id}-jsonerr`}
        spellCheck={false}
        value={s.event}
        onChange={(e) => s.set({ event: e.target.value })}
      />
      <p id={`${id}-jsonerr`} className={json.ok ? 'sbx-muted' : 'sbx-error'} role={json.ok ? undefined : 'alert'}>
        {json.ok
          ? 'Valid JSON.'
          : `Invalid JSON at line ${json.problem.line}, column ${json.problem.column}: ${json.problem.message}`}
      </p>
    </>
  );
}

export function ConfigurationPanel({ s, errors }: { s: PlaygroundState; errors: string[] }) {
  return (
    <>
      <div className="playground__fields">
        <NumberField
          label="Memory (MB)"
          min={128}
          max={10240}
          value={s.config.memoryMb}
          onChange={(memoryMb) => s.setConfig({ memoryMb })}
        />
        <NumberField
          label="Timeout (seconds)"
          min={1}
          max={900}
          value={s.config.timeoutS}
          onChange={(timeoutS) => s.setConfig({ timeoutS })}
        />
        <NumberField
          label="Ephemeral storage (MB)"
          min={512}
          max={10240}
          value={s.config.ephemeralStorageMb}
          onChange={(ephemeralStorageMb) => s.setConfig({ ephemeralStorageMb })}
        />
        <label className="playground__field">
          Handler
          <input type="text" value={s.config.handler} onChange={(e) => s.setConfig({ handler: e.target.value })} />
        </label>
      </div>
      <label className="playground__field">
        Environment variables (KEY=value, one per line)
        <textarea
          className="playground__env"
          value={s.config.envText}
          spellCheck={false}
          onChange={(e) => s.setConfig({ envText: e.target.value })}
        />
      </label>
      <fieldset className="playground__layers">
        <legend>Layers (mounted under /opt: Node.js reads /opt/nodejs/node_modules, Python /opt/python)</legend>
        {DEMO_LAYERS.map((layer) => (
          <label key={layer.name}>
            <input
              type="checkbox"
              checked={s.config.layers.includes(layer.name)}
              onChange={(e) =>
                s.setConfig({
                  layers: e.target.checked
                    ? [...s.config.layers, layer.name]
                    : s.config.layers.filter((l) => l !== layer.name),
                })
              }
            />{' '}
            <code>{layer.name}</code>: {layer.description}
          </label>
        ))}
      </fieldset>
      <ErrorList errors={errors} />
    </>
  );
}

export function ErrorList({ errors }: { errors: string[] }) {
  if (errors.length === 0) return null;
  return (
    <ul className="sbx-error" role="alert">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

export function VersionsPanel({
  s,
  onPublish,
  notice,
}: {
  s: PlaygroundState;
  onPublish: () => void;
  notice: string | null;
}) {
  const versions = s.versions.map((v) => v.version);
  const [name, setName] = useState('live');
  const [version, setVersion] = useState(versions[versions.length - 1] ?? '');
  const [second, setSecond] = useState('');
  const [weight, setWeight] = useState(10);
  const chosen = version || versions[versions.length - 1] || '';
  return (
    <>
      <p className="sbx-muted">
        <code>$LATEST</code> is what you edit. <strong>Publish version</strong> freezes its code and configuration as
        a numbered version; an alias points at a version (and can send a share of its traffic to a second one).
      </p>
      <div className="sbx__actions">
        <button type="button" onClick={onPublish}>
          Publish version
        </button>
      </div>
      {notice && (
        <p className="playground__notice" role="status">
          {notice}
        </p>
      )}
      {s.versions.length > 0 ? (
        <ul className="pg-list" aria-label="Published versions">
          {s.versions.map((v) => (
            <li key={v.version}>
              Version {v.version}: {v.runtime}, {v.config.memoryMb} MB, published{' '}
              {new Date(v.publishedAt).toISOString().slice(11, 19)} UTC
            </li>
          ))}
        </ul>
      ) : (
        <p className="sbx-muted">No published versions yet.</p>
      )}
      <fieldset className="pg-fieldset" disabled={versions.length === 0}>
        <legend>Alias</legend>
        <div className="playground__fields">
          <label className="playground__field">
            Alias name
            <input type="text" value={name} onChange={(e) => setName(e.target.value.trim())} />
          </label>
          <label className="playground__field">
            Alias version
            <select value={chosen} onChange={(e) => setVersion(e.target.value)}>
              {versions.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          <label className="playground__field">
            Second version
            <select value={second} onChange={(e) => setSecond(e.target.value)}>
              <option value="">None</option>
              {versions
                .filter((v) => v !== chosen)
                .map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
            </select>
          </label>
          {second && (
            <NumberField
              label="Weight of the second version (%)"
              min={0}
              max={100}
              value={weight}
              onChange={(w) => setWeight(w)}
            />
          )}
        </div>
        <button
          type="button"
          disabled={!name || !chosen || (second !== '' && Number.isNaN(weight))}
          onClick={() =>
            s.setAlias({
              name,
              version: chosen,
              additional: second ? { version: second, weight: weight / 100 } : null,
            })
          }
        >
          Save alias
        </button>
      </fieldset>
      {s.aliases.length > 0 && (
        <ul className="pg-list" aria-label="Aliases">
          {s.aliases.map((a) => (
            <li key={a.name}>
              <code>{a.name}</code> → version {a.version}
              {a.additional && (
                <>
                  {' '}
                  ({Math.round((1 - a.additional.weight) * 100)}%), version {a.additional.version} (
                  {Math.round(a.additional.weight * 100)}%)
                </>
              )}{' '}
              <button type="button" onClick={() => s.removeAlias(a.name)} aria-label={`Delete alias ${a.name}`}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ConcurrencyPanel({
  s,
  errors,
  status,
}: {
  s: PlaygroundState;
  errors: string[];
  status: (qualifier: string) => ProvisionedStatus | null;
}) {
  const qualifiers = ['$LATEST', ...s.versions.map((v) => v.version), ...s.aliases.map((a) => a.name)];
  const [qualifier, setQualifier] = useState(s.aliases[0]?.name ?? s.versions[0]?.version ?? '$LATEST');
  const [count, setCount] = useState(1);
  return (
    <>
      <fieldset className="pg-fieldset">
        <legend>Reserved concurrency</legend>
        <label>
          <input
            type="checkbox"
            checked={s.reserved !== null}
            onChange={(e) => s.set({ reserved: e.target.checked ? 5 : null })}
          />{' '}
          Reserve concurrency (a maximum for this function, kept from the others)
        </label>
        {s.reserved !== null && (
          <NumberField
            label="Reserved concurrency"
            min={0}
            max={900}
            value={s.reserved}
            onChange={(reserved) => s.set({ reserved: Number.isNaN(reserved) ? s.reserved : reserved })}
            hint="0 throttles every invoke; beyond it Lambda answers 429 TooManyRequestsException."
          />
        )}
      </fieldset>
      <fieldset className="pg-fieldset">
        <legend>Provisioned concurrency</legend>
        <div className="playground__fields">
          <label className="playground__field">
            Provisioned concurrency on
            <select value={qualifier} onChange={(e) => setQualifier(e.target.value)}>
              {qualifiers.map((q) => (
                <option key={q} value={q}>
                  {q}
                </option>
              ))}
            </select>
          </label>
          <NumberField label="Provisioned environments" min={1} max={50} value={count} onChange={setCount} />
        </div>
        <button
          type="button"
          disabled={Number.isNaN(count)}
          onClick={() => s.setProvisioned(qualifier, count)}
        >
          Save provisioned concurrency
        </button>
        {s.provisioned.length > 0 && (
          <ul className="pg-list" aria-label="Provisioned concurrency configurations">
            {s.provisioned.map((p) => {
              const st = status(p.qualifier);
              return (
                <li key={p.qualifier}>
                  <code>{p.qualifier}</code>: {p.count} requested
                  {st ? ` · ${st.allocated} allocated · ${st.available} idle · ${st.status}` : ''}
                  {st && Object.keys(st.byVersion).length > 0
                    ? ` (${Object.entries(st.byVersion)
                        .map(([v, n]) => `${n} on version ${v}`)
                        .join(', ')})`
                    : ''}{' '}
                  <button
                    type="button"
                    onClick={() => s.setProvisioned(p.qualifier, null)}
                    aria-label={`Remove provisioned concurrency on ${p.qualifier}`}
                  >
                    Remove
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </fieldset>
      <ErrorList errors={errors} />
    </>
  );
}

export function AsyncPanel({ s }: { s: PlaygroundState }) {
  return (
    <>
      <p className="sbx-muted">
        With invocation type <strong>Event</strong>, Lambda answers 202 at once and runs the event from its own queue:
        function errors are retried about one and two minutes later, then the event goes to the destination or
        dead-letter queue. Use <strong>Fast-forward</strong> to skip the waiting.
      </p>
      <div className="playground__fields">
        <NumberField
          label="Maximum retry attempts"
          min={0}
          max={2}
          value={s.async.maxRetryAttempts}
          onChange={(maxRetryAttempts) => s.setAsync({ maxRetryAttempts })}
        />
        <NumberField
          label="Maximum event age (seconds)"
          min={60}
          max={21600}
          value={s.async.maxEventAgeS}
          onChange={(maxEventAgeS) => s.setAsync({ maxEventAgeS })}
        />
      </div>
      <div className="pg-checks">
        <label>
          <input type="checkbox" checked={s.async.onFailure} onChange={(e) => s.setAsync({ onFailure: e.target.checked })} />{' '}
          On-failure destination (an SQS queue)
        </label>
        <label>
          <input type="checkbox" checked={s.async.onSuccess} onChange={(e) => s.setAsync({ onSuccess: e.target.checked })} />{' '}
          On-success destination (an SQS queue)
        </label>
        <label>
          <input
            type="checkbox"
            checked={s.async.deadLetterQueue}
            onChange={(e) => s.setAsync({ deadLetterQueue: e.target.checked })}
          />{' '}
          Dead-letter queue (receives the event only)
        </label>
        <label>
          <input
            type="checkbox"
            checked={s.async.deliverTwice}
            onChange={(e) => s.setAsync({ deliverTwice: e.target.checked })}
          />{' '}
          Deliver each event twice (Lambda delivers at least once: make your handler idempotent)
        </label>
      </div>
    </>
  );
}

const LEVELS: PlaygroundLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

export function LoggingPanel({ s }: { s: PlaygroundState }) {
  return (
    <>
      <div className="playground__fields">
        <label className="playground__field">
          Log format
          <select
            value={s.logging.format}
            onChange={(e) => s.setLogging({ format: e.target.value as 'Text' | 'JSON' })}
          >
            <option value="Text">Text</option>
            <option value="JSON">JSON</option>
          </select>
        </label>
        <label className="playground__field">
          Application log level
          <select
            value={s.logging.applicationLogLevel}
            onChange={(e) => s.setLogging({ applicationLogLevel: e.target.value as PlaygroundLevel })}
          >
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label className="playground__field">
          System log level
          <select
            value={s.logging.systemLogLevel}
            onChange={(e) => s.setLogging({ systemLogLevel: e.target.value as 'DEBUG' | 'INFO' | 'WARN' })}
          >
            {(['DEBUG', 'INFO', 'WARN'] as const).map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="sbx-muted">
        Lambda filters by level only in JSON format. In JSON, your console calls become objects with timestamp, level,
        requestId and message, and START/REPORT become <code>platform.start</code> and <code>platform.report</code>{' '}
        events. New lines use the new format; lines already written keep theirs, as in CloudWatch.
      </p>
    </>
  );
}
