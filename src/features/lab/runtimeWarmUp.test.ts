import { describe, expect, it } from 'vitest';
import { prepareRuntime, warmsUpAhead, type WarmUpHost } from './runtimeWarmUp';

function fakeHost(startFails = false) {
  const calls: string[] = [];
  const host: WarmUpHost = {
    prepare: async (runtime) => {
      calls.push(`prepare ${runtime}`);
    },
    start: async (id, runtime) => {
      calls.push(`start ${id} ${runtime}`);
      if (startFails) throw new Error('Coldstart sandbox: the worker failed');
      return { runtimeInitMs: 0 };
    },
    stop: async (id, options) => {
      calls.push(`stop ${id} keepTmp=${String(options.keepTmp)}`);
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

  it('installs the runtime, waits for a booted interpreter through a probe environment, then stops it', async () => {
    const { host, calls } = fakeHost();
    await prepareRuntime(host, 'python3.14');
    expect(calls).toEqual([
      'prepare python3.14',
      'start lab-warm-up-python3.14 python3.14',
      'stop lab-warm-up-python3.14 keepTmp=false',
    ]);
  });

  it('stops the probe and reports the failure when no interpreter could boot', async () => {
    const { host, calls } = fakeHost(true);
    await expect(prepareRuntime(host, 'python3.14')).rejects.toThrow('the worker failed');
    expect(calls.at(-1)).toBe('stop lab-warm-up-python3.14 keepTmp=false');
  });
});
