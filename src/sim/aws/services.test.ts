import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock';
import { AwsAccount } from './account';
import { ALL_SERVICES } from './services';

describe('ALL_SERVICES', () => {
  it('builds an account whose services have distinct names and round-trip through one export', () => {
    const account = new AwsAccount({ clock: new VirtualClock() }, ALL_SERVICES);
    const names = ALL_SERVICES.map((factory) => factory(account.context).name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of ['s3', 'logs', 'xray']) expect(account.service(name), name).toBeDefined();
    const exported = JSON.parse(JSON.stringify(account.snapshot()));
    account.restore(exported);
    expect(account.snapshot()).toEqual(exported);
  });
});
