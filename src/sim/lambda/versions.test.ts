import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock';
import { LambdaService } from './LambdaService';

function setup() {
  const clock = new VirtualClock();
  const logs: string[] = [];
  const svc = new LambdaService({
    clock,
    seed: 11,
    logSink: (l) => logs.push(l),
    idleLifetimeMs: [600_000, 600_000],
  });
  const res = svc.createFunction({ name: 'orders', memoryMb: 256, handler: { durationMs: 20, initMs: 100 } });
  if (!res.ok) throw new Error(res.message);
  return { clock, svc, logs };
}

describe('versions and aliases (configuration-versions.html, configuration-aliases.html)', () => {
  it('Publish version snapshots $LATEST as an immutable numbered version; later changes do not touch it', () => {
    const { svc } = setup();
    const v1 = svc.publishVersion('orders');
    expect(v1).toMatchObject({ ok: true, version: '1' });
    svc.updateFunction('orders', { memoryMb: 1024 });
    expect(svc.getFunction('orders', '1')!.memoryMb).toBe(256);
    expect(svc.getFunction('orders')!.memoryMb).toBe(1024);
    expect(svc.publishVersion('orders')).toMatchObject({ ok: true, version: '2' });
    // nothing changed since version 2: Lambda returns the existing version
    expect(svc.publishVersion('orders')).toMatchObject({ ok: true, version: '2' });
    expect(svc.listVersions('orders').map((v) => v.version)).toEqual(['$LATEST', '1', '2']);
  });

  it('invoking by qualifier runs that version: START shows it and the response names the executed version', () => {
    const { clock, svc, logs } = setup();
    svc.publishVersion('orders');
    expect(svc.createAlias('orders', 'live', '1').ok).toBe(true);
    const inv = svc.invoke('orders', { qualifier: 'live' });
    clock.advanceBy(10_000);
    expect(inv.executedVersion).toBe('1');
    expect(inv.response?.executedVersion).toBe('1');
    expect(logs).toContain(`START RequestId: ${inv.requestId} Version: 1`);
    const latest = svc.invoke('orders');
    clock.advanceBy(10_000);
    expect(logs).toContain(`START RequestId: ${latest.requestId} Version: $LATEST`);
  });

  it('environments belong to a version: an update of $LATEST makes the next invoke cold', () => {
    const { clock, svc } = setup();
    const a = svc.invoke('orders');
    clock.advanceBy(5000);
    svc.updateFunction('orders', { environment: { STAGE: 'prod' } });
    expect(svc.environments('orders')).toHaveLength(0); // the idle one of the old $LATEST shut down
    const b = svc.invoke('orders');
    clock.advanceBy(5000);
    expect([a.coldStart, b.coldStart]).toEqual([true, true]);
  });

  it('an alias with a weighted second version splits traffic by the weight', () => {
    const { clock, svc } = setup();
    svc.publishVersion('orders');
    svc.updateFunction('orders', { memoryMb: 512 });
    svc.publishVersion('orders');
    expect(svc.createAlias('orders', 'live', '1', { version: '2', weight: 0.25 }).ok).toBe(true);
    const counts = { '1': 0, '2': 0 } as Record<string, number>;
    for (let i = 0; i < 2000; i++) {
      const inv = svc.invoke('orders', { qualifier: 'live' });
      clock.advanceBy(100);
      counts[inv.executedVersion]!++;
    }
    expect(counts['2']! / 2000).toBeGreaterThan(0.21);
    expect(counts['2']! / 2000).toBeLessThan(0.29);
    expect(svc.listAliases('orders')[0]).toMatchObject({
      name: 'live',
      functionVersion: '1',
      additionalVersionWeights: { '2': 0.25 },
    });
  });

  it('alias validation uses AWS messages: no weights on $LATEST, unknown versions are not found', () => {
    const { svc } = setup();
    svc.publishVersion('orders');
    const onLatest = svc.createAlias('orders', 'canary', '$LATEST', { version: '1', weight: 0.1 });
    expect(onLatest).toMatchObject({
      ok: false,
      errorType: 'InvalidParameterValueException',
      message: '$LATEST is not supported for an alias pointing to more than 1 version',
    });
    expect(svc.createAlias('orders', 'live', '7')).toMatchObject({
      ok: false,
      errorType: 'ResourceNotFoundException',
      message: 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:orders:7',
    });
    const missing = svc.invoke('orders', { qualifier: 'nope' });
    expect(missing.outcome).toBe('error');
    expect(missing.response?.statusCode).toBe(404);
  });
});

describe('reserved and provisioned concurrency', () => {
  it('reserved concurrency caps environments and throttles with the Invoke API 429 body', () => {
    const { svc } = setup();
    expect(svc.putFunctionConcurrency('orders', 2).ok).toBe(true);
    const invs = [svc.invoke('orders'), svc.invoke('orders'), svc.invoke('orders')];
    expect(invs.map((i) => i.outcome)).toEqual([undefined, undefined, 'throttled']);
    expect(invs[2]!.response).toEqual({
      statusCode: 429,
      payload:
        '{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}',
      executedVersion: '$LATEST',
    });
  });

  it('provisioned concurrency is refused on $LATEST and works on an alias: init ahead, no Init Duration', () => {
    const { clock, svc, logs } = setup();
    expect(svc.putProvisionedConcurrency('orders', '$LATEST', 1)).toMatchObject({
      ok: false,
      errorType: 'InvalidParameterValueException',
      message: 'Provisioned Concurrency Configs cannot be applied to unpublished function versions.',
    });
    svc.publishVersion('orders');
    svc.createAlias('orders', 'live', '1');
    const put = svc.putProvisionedConcurrency('orders', 'live', 2);
    expect(put).toMatchObject({ ok: true, status: { requested: 2, allocated: 0, status: 'IN_PROGRESS' } });
    clock.advanceBy(5000);
    expect(svc.getProvisionedConcurrency('orders', 'live')).toMatchObject({
      ok: true,
      status: { requested: 2, allocated: 2, available: 2, status: 'READY' },
    });
    // Init happened outside any invoke: INIT_START lines before any START.
    expect(logs.filter((l) => l.startsWith('INIT_START'))).toHaveLength(2);
    const inv = svc.invoke('orders', { qualifier: 'live' });
    clock.advanceBy(1000);
    expect(inv.coldStart).toBe(false);
    const report = logs.find((l) => l.startsWith(`REPORT RequestId: ${inv.requestId}`))!;
    expect(report).not.toContain('Init Duration');
    // $LATEST is not provisioned: it starts cold.
    const cold = svc.invoke('orders');
    clock.advanceBy(1000);
    expect(cold.coldStart).toBe(true);
  });

  it('an alias move reallocates provisioned concurrency to the new version', () => {
    const { clock, svc } = setup();
    svc.publishVersion('orders');
    svc.updateFunction('orders', { memoryMb: 512 });
    svc.publishVersion('orders');
    svc.createAlias('orders', 'live', '1');
    svc.putProvisionedConcurrency('orders', 'live', 2);
    clock.advanceBy(5000);
    svc.updateAlias('orders', 'live', '2');
    clock.advanceBy(5000);
    const provisioned = svc.environments('orders').filter((e) => e.provisioned);
    expect(provisioned.map((e) => e.version)).toEqual(['2', '2']);
    expect(provisioned.every((e) => e.state === 'frozen')).toBe(true);
  });

  it('a weighted alias splits its provisioned concurrency between the two versions', () => {
    const { clock, svc } = setup();
    svc.publishVersion('orders');
    svc.updateFunction('orders', { memoryMb: 512 });
    svc.publishVersion('orders');
    svc.createAlias('orders', 'live', '1', { version: '2', weight: 0.25 });
    svc.putProvisionedConcurrency('orders', 'live', 4);
    clock.advanceBy(5000);
    const byVersion = svc
      .environments('orders')
      .filter((e) => e.provisioned)
      .map((e) => e.version)
      .sort();
    expect(byVersion).toEqual(['1', '1', '1', '2']);
  });
});
