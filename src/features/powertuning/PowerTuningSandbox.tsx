/**
 * `<PowerTuning />` in a lesson: an editor with a handler the learner can change, and the power-tuning experiment
 * on it. Each run deploys the handler into a world of its own (the lab's world: clock, service, account, the page's
 * sandbox), runs it at every chosen memory size and throws the world away.
 */
import { useId, useState } from 'react';
import { CodeEditor } from '../editor/CodeEditor';
import { functionConfigSchema } from '../lab/model/labFormat';
import { pageRealTime } from '../../platform/realTime';
import { PowerTuning, type PowerTuningRun } from './PowerTuning';

/** CPU-bound on purpose: its time shrinks as memory (and so CPU) grows, up to one vCPU. */
export const POWER_TUNING_STARTER = `// CPU-bound work: Lambda gives CPU in proportion to memory, so this gets faster with more memory.
// Past 1,769 MB (one vCPU) a single thread gets no faster: the cost only rises.
export const handler = async (event) => {
  let hash = 0;
  for (let i = 0; i < 300_000; i++) hash = (hash * 31 + i) | 0;
  return { statusCode: 200, body: String(hash) };
};
`;

async function tune(code: string, options: PowerTuningRun) {
  const [{ createLabWorld, functionInputOf }, { createSandboxHost }, { tuneFunction }] = await Promise.all([
    import('../lab/checks/world'),
    import('../../sandbox/host/sandboxHost'),
    import('./tuneFunction'),
  ]);
  const configText = JSON.stringify({ handler: 'index.handler' });
  const lab = {
    files: { 'index.mjs': code },
    config: functionConfigSchema.parse(JSON.parse(configText)),
    configText,
  };
  const host = await createSandboxHost();
  const world = await createLabWorld({ host, realTime: pageRealTime, runtime: 'nodejs24.x', lab });
  try {
    if (!world.service.hasFunction(world.functionName))
      throw new Error(`The function could not be created: ${world.deployErrors.join(' ')}`);
    return await tuneFunction({
      service: world.service,
      live: world.live,
      input: functionInputOf('nodejs24.x', lab),
      payload: {},
      awsCalls: world.awsCalls,
      powerValues: options.powerValues,
      invocationsPerValue: options.invocationsPerValue,
      onProgress: options.onProgress,
    });
  } finally {
    await world.dispose();
    await host.dispose();
  }
}

export default function PowerTuningSandbox() {
  const id = useId();
  const [code, setCode] = useState(POWER_TUNING_STARTER);
  const [plain, setPlain] = useState(true);
  return (
    <section className="ptune-sandbox" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="ptune__title">
        Try it: power tuning on your handler
      </h3>
      <p className="ptune__muted">
        Edit the handler, then run it ten times at each memory size. The table and the chart show the trimmed
        mean of billed duration and the cost per million invocations, as Lambda Power Tuning reports them.
      </p>
      <div className="ptune-sandbox__actions">
        <button type="button" aria-pressed={plain} onClick={() => setPlain(!plain)}>
          Plain text editor
        </button>
        <button
          type="button"
          disabled={code === POWER_TUNING_STARTER}
          onClick={() => setCode(POWER_TUNING_STARTER)}
        >
          Reset
        </button>
      </div>
      <CodeEditor
        value={code}
        onChange={setCode}
        language="javascript"
        plain={plain}
        height="12rem"
        label="Handler code (index.mjs)"
        path="/power-tuning/index.mjs"
      />
      <PowerTuning run={(options) => tune(code, options)} />
    </section>
  );
}
