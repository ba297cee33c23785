import { describe, expect, it } from 'vitest';
import { MAX_SPARES } from '../../sandbox/frame/protocol';
import {
  CHECK_SPARES,
  checkSparesFor,
  prepareRuntime,
  refillDuringChecks,
  warmsUpAhead,
  type WarmUpHost,
} from './runtimeWarmUp';

function fakeHost(sparesFail = false) {
  const calls: string[] = [];
  const host: WarmUpHost = {
    prepare: async (runtime) => {
      calls.push(`prepare ${runtime}`);
    },
    keepSpares: async (runtime, policy) => {
      calls.push(`spares ${runtime} ${policy.spares} refill=${String(policy.refillDelayMs)}`);
      if (sparesFail) throw new Error('Coldstart sandbox: the worker failed');
    },
  };
  return { host, calls };
}

describe('starting the checks runtime when a step opens', () => {
  it('warms up Python only: a Node.js step loads nothing ahead', () => {
    expect(warmsUpAhead('python3.14')).toBe(true);
    expect(warmsUpAhead('nodejs24.x')).toBe(false);
    expect(warmsUpAhead('nodejs22.x')).toBe(false);
  });

  it('installs the runtime, boots the checks spares back to back, then puts the runtime own refill delay back', async () => {
    const { host, calls } = fakeHost();
    await prepareRuntime(host, 'python3.14');
    expect(calls).toEqual([
      'prepare python3.14',
      `spares python3.14 ${CHECK_SPARES} refill=0`,
      `spares python3.14 ${CHECK_SPARES} refill=null`,
    ]);
    expect(CHECK_SPARES).toBeGreaterThanOrEqual(2);
  });

  it('keeps as many spares as the function has provisioned environments, within the frame limit', async () => {
    expect(checkSparesFor(0)).toBe(CHECK_SPARES);
    expect(checkSparesFor(CHECK_SPARES + 2)).toBe(CHECK_SPARES + 2);
    expect(checkSparesFor(10)).toBe(MAX_SPARES);
    expect(checkSparesFor(Number.NaN)).toBe(CHECK_SPARES);
    const { host, calls } = fakeHost();
    await prepareRuntime(host, 'python3.14', checkSparesFor(10));
    expect(calls.slice(1)).toEqual([
      `spares python3.14 ${MAX_SPARES} refill=0`,
      `spares python3.14 ${MAX_SPARES} refill=null`,
    ]);
  });

  it('reports the failure when no interpreter could boot', async () => {
    const { host } = fakeHost(true);
    await expect(prepareRuntime(host, 'python3.14')).rejects.toThrow('the worker failed');
  });

  it('refills Python spares at once while checks run, and puts the runtime own delay back after', async () => {
    const { host, calls } = fakeHost();
    const restore = refillDuringChecks(host, 'python3.14');
    expect(calls).toEqual([`spares python3.14 ${CHECK_SPARES} refill=0`]);
    restore();
    expect(calls.at(-1)).toBe(`spares python3.14 ${CHECK_SPARES} refill=null`);
    const node = fakeHost();
    refillDuringChecks(node.host, 'nodejs24.x')();
    expect(node.calls).toEqual([]);
  });

  it('a failing spares request while checks run is not an unhandled rejection', async () => {
    const { host } = fakeHost(true);
    refillDuringChecks(host, 'python3.14')();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
});
