/**
 * Power tuning of real learner code: one copy of the function per memory size in the given service, each invoked
 * in turn with the same payload, each sample's duration modelled from what the sandbox measured (see
 * modelledDurationMs in src/sim/powerTuning.ts: the browser runs the handler at one speed, Lambda gives CPU in
 * proportion to memory). Used by the lab page, lab checks (ctx.powerTune) and the optimization lesson.
 */
import type { FunctionConfigInput, LambdaService } from '../../sim';
import type { LiveClock } from '../../sim/liveClock';
import { billedDurationMs } from '../../sim/logs';
import {
  DEFAULT_POWER_VALUES,
  modelledDurationMs,
  runPowerTuning,
  type PowerSample,
  type PowerTuningReport,
} from '../../sim/powerTuning';

/**
 * Modelled wait for one AWS SDK call from inside the Region (ms). Illustrative: DynamoDB advertises
 * "single-digit millisecond" latency; the simulated account answers in the page in well under that.
 */
export const MODELLED_SDK_CALL_MS = 5;
/** Power Tuning's examples use 10 invocations per size; with a 20% trim that drops two at each end. */
export const DEFAULT_INVOCATIONS = 10;

export interface TuneOptions {
  service: LambdaService;
  live: LiveClock;
  /** The function as it is deployed (its memory is replaced for each size). */
  input: FunctionConfigInput;
  payload: unknown;
  /** SDK calls made so far by the world's environments (LabWorld.awsCalls). */
  awsCalls(): number;
  powerValues?: readonly number[];
  invocationsPerValue?: number;
  balancedWeight?: number;
  onProgress?(done: number, total: number): void;
  /** Name prefix of the copies (each run should use its own). */
  prefix?: string;
  /**
   * Called after each copy is created, before it is invoked: a copy in a VPC is Pending until its network
   * interfaces exist (the lab world fast-forwards through that).
   */
  afterDeploy?(name: string): Promise<void>;
}

let runs = 0;

export async function tuneFunction(options: TuneOptions): Promise<PowerTuningReport> {
  const { service, live } = options;
  const prefix = options.prefix ?? `${options.input.name}-tuning-${++runs}`;
  const names = new Map<number, string>();
  const nameFor = async (memoryMb: number): Promise<string> => {
    const existing = names.get(memoryMb);
    if (existing) return existing;
    const name = `${prefix}-${memoryMb}`;
    const created = service.createFunction({ ...options.input, name, memoryMb });
    if (!created.ok) throw new Error(`Could not deploy the function at ${memoryMb} MB: ${created.message}`);
    names.set(memoryMb, name);
    await options.afterDeploy?.(name);
    return name;
  };
  return runPowerTuning({
    powerValues: options.powerValues ?? DEFAULT_POWER_VALUES,
    invocationsPerValue: options.invocationsPerValue ?? DEFAULT_INVOCATIONS,
    ...(options.balancedWeight !== undefined ? { balancedWeight: options.balancedWeight } : {}),
    ...(options.input.architecture ? { architecture: options.input.architecture } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    async sample(memoryMb): Promise<PowerSample> {
      const name = await nameFor(memoryMb);
      const callsBefore = options.awsCalls();
      live.sync();
      const inv = service.invoke(name, { type: 'sync', payload: options.payload });
      await inv.done();
      const calls = options.awsCalls() - callsBefore;
      const durationMs = modelledDurationMs(inv.durationMs, memoryMb, calls * MODELLED_SDK_CALL_MS);
      // The service's billing rule (Init is billed on an on-demand cold start); the trimmed mean usually
      // discards that sample.
      const billedMs = billedDurationMs(durationMs, inv.coldStart ? inv.initMs : 0);
      return {
        durationMs,
        billedMs,
        coldStart: inv.coldStart,
        ...(inv.response?.functionError || inv.outcome !== 'success' ? { error: true } : {}),
      };
    },
  });
}
