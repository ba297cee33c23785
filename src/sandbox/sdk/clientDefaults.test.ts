import { describe, expect, it, vi } from 'vitest';
import { withColdstartRuntime } from './clientDefaults';

describe('withColdstartRuntime', () => {
  it("asks the SDK's user agent provider once per client and hands each request its own copy", async () => {
    const provider = vi.fn(async () => [
      ['aws-sdk-js', '3.1164.0'],
      ['ua', '2.1'],
      ['api/dynamodb', '3.1164.0'],
    ]);
    const config = withColdstartRuntime({ defaultUserAgentProvider: provider, region: 'us-east-1' }, {});
    const first = await (config.defaultUserAgentProvider as () => Promise<string[][]>)();
    first[0]!.push('changed by a caller');
    first.push(['md/extra']);
    const second = await (config.defaultUserAgentProvider as () => Promise<string[][]>)();
    expect(provider).toHaveBeenCalledTimes(1);
    expect(second).toEqual([
      ['aws-sdk-js', '3.1164.0'],
      ['ua', '2.1'],
      ['api/dynamodb', '3.1164.0'],
    ]);
    expect(config.region).toBe('us-east-1');
  });

  it('asks again after the provider failed', async () => {
    const provider = vi
      .fn<() => Promise<string[][]>>()
      .mockRejectedValueOnce(new Error('not yet'))
      .mockResolvedValue([['ua', '2.1']]);
    const config = withColdstartRuntime({ defaultUserAgentProvider: provider }, undefined);
    const call = config.defaultUserAgentProvider as () => Promise<string[][]>;
    await expect(call()).rejects.toThrow('not yet');
    await expect(call()).resolves.toEqual([['ua', '2.1']]);
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it("leaves a learner's own provider alone", () => {
    const mine = async () => [['app/mine']];
    const runtimeConfig = { defaultUserAgentProvider: mine };
    expect(withColdstartRuntime(runtimeConfig, { defaultUserAgentProvider: mine })).toBe(runtimeConfig);
  });
});
