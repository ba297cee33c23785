/**
 * <EventFormats /> (event-formats lesson): pick an event shape, read the JSON the function receives, and run a
 * Node.js or Python handler on it on the real service (the handler is editable; Reset brings the starter back).
 * The language starts as the one the learner chose in the lesson's code tabs.
 */
import { useId, useState } from 'react';
import { CodeEditor } from '../editor/CodeEditor';
import { useCodeLanguageStore } from '../../mdx/codeLanguage.store';
import {
  EVENT_CHOICES,
  NODE_HANDLER,
  PYTHON_HANDLER,
  runEventFormat,
  type EventRun,
  type HandlerLanguage,
} from './eventFormats';
import { SimulatorFrame, SimulatorMessages } from './SimulatorParts';
import { useSimulatorAction } from './useSimulatorRun';

const STARTERS: Record<HandlerLanguage, string> = { nodejs: NODE_HANDLER, python: PYTHON_HANDLER };
const LANGUAGE_NAMES: Record<HandlerLanguage, string> = { nodejs: 'Node.js 24', python: 'Python 3.14' };

export default function EventFormats() {
  const id = useId();
  const chosen = useCodeLanguageStore((state) => state.language);
  const [language, setLanguage] = useState<HandlerLanguage>(chosen === 'Python' ? 'python' : 'nodejs');
  const [eventId, setEventId] = useState(EVENT_CHOICES[0]!.id);
  const [code, setCode] = useState<Record<HandlerLanguage, string>>(STARTERS);
  const [replaced, setReplaced] = useState<string | null>(null);
  const { result: run, running, failure, run: runAction, clear } = useSimulatorAction<EventRun>();
  const choice = EVENT_CHOICES.find((item) => item.id === eventId)!;
  const invoke = () =>
    runAction((world) => runEventFormat(world, { eventId, language, code: code[language] }));

  return (
    <SimulatorFrame title="Try it: run a handler on any event shape">
      <p className="simulator__muted">
        Choose an event, read the JSON your function would receive, and run the handler on it. The handler
        recognises the source from fields only that shape has; change it to read other fields.
        {language === 'python'
          ? ' The first Python run starts the Python runtime, which takes a few seconds.'
          : ''}
      </p>
      <div className="simulator__controls">
        <label>
          Event{' '}
          <select value={eventId} onChange={(event) => setEventId(event.target.value)}>
            {EVENT_CHOICES.map((item) => (
              <option key={item.id} value={item.id}>
                {item.label}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Handler language</legend>
          {(Object.keys(LANGUAGE_NAMES) as HandlerLanguage[]).map((value) => (
            <label key={value}>
              <input
                type="radio"
                name={`${id}-language`}
                checked={language === value}
                onChange={() => {
                  setLanguage(value);
                  setReplaced(null);
                  clear();
                }}
              />{' '}
              {LANGUAGE_NAMES[value]}
            </label>
          ))}
        </fieldset>
      </div>
      <pre className="simulator__event" tabIndex={0} role="region" aria-label={`The ${choice.label} event`}>
        <code>{JSON.stringify(choice.event, null, 2)}</code>
      </pre>
      <CodeEditor
        value={code[language]}
        onChange={(next) => {
          setReplaced(null);
          setCode({ ...code, [language]: next });
        }}
        language={language === 'python' ? 'python' : 'javascript'}
        plain
        label={`${LANGUAGE_NAMES[language]} handler`}
        height="16rem"
      />
      <div className="simulator__actions">
        <button type="button" className="simulator__primary" disabled={running} onClick={() => void invoke()}>
          Run the handler on this event
        </button>
        <button
          type="button"
          disabled={code[language] === STARTERS[language]}
          onClick={() => {
            setReplaced(code[language]);
            setCode({ ...code, [language]: STARTERS[language] });
          }}
        >
          Reset
        </button>
        {replaced !== null ? (
          <button
            type="button"
            onClick={() => {
              setCode({ ...code, [language]: replaced });
              setReplaced(null);
            }}
          >
            Undo reset
          </button>
        ) : null}
      </div>
      <SimulatorMessages
        failure={failure}
        status={
          running
            ? `Running the ${LANGUAGE_NAMES[language]} handler…`
            : run
              ? run.ok
                ? 'The handler returned:'
                : 'The handler failed; Lambda returned this error:'
              : replaced !== null
                ? 'Back to the starter handler. Undo reset brings your version back.'
                : ''
        }
      />
      {run ? (
        <>
          <pre tabIndex={0} role="region" aria-label="Handler response" className="simulator__event">
            <code>{run.response}</code>
          </pre>
          <pre tabIndex={0} role="region" aria-label="Handler logs" className="simulator__event">
            <code>{run.logs.join('\n')}</code>
          </pre>
        </>
      ) : null}
    </SimulatorFrame>
  );
}
