import { describe, expect, it } from 'vitest';
import { ExplorerSimulation } from './explorerSimulation';

const REPORT_COLD =
  /^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d{2} ms\tBilled Duration: \d+ ms\tMemory Size: 512 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d{2} ms$/;
const REPORT_WARM =
  /^REPORT RequestId: [0-9a-f-]{36}\tDuration: \d+\.\d{2} ms\tBilled Duration: \d+ ms\tMemory Size: 512 MB\tMax Memory Used: \d+ MB$/;

function reports(s: ExplorerSimulation) {
  return s.getSnapshot().logs.filter((l) => l.startsWith('REPORT'));
}

describe('ExplorerSimulation', () => {
  it('first invoke is cold (INIT_START, Init Duration), second warm; billed duration includes init on-demand', () => {
    const s = new ExplorerSimulation();
    s.invoke();
    expect(s.getSnapshot().environments[0]!.state).toBe('starting');
    s.fastForward();
    s.invoke();
    s.fastForward();
    const logs = s.getSnapshot().logs;
    expect(logs[0]).toMatch(/^INIT_START Runtime Version: nodejs:22\.v41\t/);
    const [cold, warm] = reports(s);
    expect(cold).toMatch(REPORT_COLD);
    expect(warm).toMatch(REPORT_WARM);
    const num = (line: string, field: string) => Number(new RegExp(`${field}: ([\\d.]+)`).exec(line)![1]);
    expect(num(cold!, 'Billed Duration')).toBe(
      Math.ceil(num(cold!, 'Duration') + num(cold!, 'Init Duration') - 1e-9),
    );
    expect(num(warm!, 'Billed Duration')).toBe(Math.ceil(num(warm!, 'Duration')));
    expect(logs.filter((l) => l.startsWith('INIT_START'))).toHaveLength(1);
    expect(s.getSnapshot().environments).toHaveLength(1);
  });

  it('timeline lanes: AWS platform phases unbilled, init and handler billed, frozen between invokes', () => {
    const s = new ExplorerSimulation({ vpc: true });
    s.invoke();
    s.fastForward();
    const segs = s.getSnapshot().segments;
    expect(segs.map((g) => `${g.lane}:${g.kind}:${g.billed}`)).toEqual([
      'aws:download:false',
      'aws:vpc:false',
      'aws:sandbox:false',
      'aws:extensions:true',
      'aws:runtime:true',
      'code:function:true',
      'code:handler:true',
      'aws:frozen:false',
    ]);
    for (let i = 1; i < segs.length; i++) expect(segs[i]!.start).toBeCloseTo(segs[i - 1]!.end!, 9);
    expect(segs.at(-1)!.end).toBeNull();
  });

  it('three at once need three environments, each cold', () => {
    const s = new ExplorerSimulation();
    s.invoke(3);
    s.fastForward();
    expect(s.getSnapshot().environments).toHaveLength(3);
    expect(reports(s).every((r) => r.includes('Init Duration'))).toBe(true);
  });

  it('inject timeout: the timeout line, then a reset; the next invoke runs Init again', () => {
    const s = new ExplorerSimulation();
    s.invoke();
    s.fastForward();
    s.injectTimeout();
    s.fastForward();
    const logs = s.getSnapshot().logs;
    expect(logs.some((l) => /^\S+Z [0-9a-f-]{36} Task timed out after 3\.00 seconds$/.test(l))).toBe(true);
    expect(reports(s)[1]).toMatch(/\tDuration: 3000\.00 ms\tBilled Duration: 3000 ms\t/);
    expect(s.getSnapshot().environments[0]).toMatchObject({ state: 'frozen', resets: 1 });
    s.invoke();
    s.fastForward();
    expect(reports(s)[2]).toMatch(REPORT_COLD);
    expect(s.getSnapshot().environments).toHaveLength(1);
  });

  it('inject crash: Runtime.ExitError and a reset', () => {
    const s = new ExplorerSimulation();
    s.injectCrash();
    s.fastForward();
    expect(s.getSnapshot().logs).toContain('Runtime.ExitError');
    expect(s.getSnapshot().environments[0]!.resets).toBe(1);
  });

  it('let it idle: on-demand environments shut down; the next invoke is a new cold environment', () => {
    const s = new ExplorerSimulation();
    s.invoke();
    s.fastForward();
    s.letIdle();
    expect(s.getSnapshot().environments[0]).toMatchObject({ state: 'shutdown', gone: true });
    expect(s.getSnapshot().now).toBeGreaterThanOrEqual(5 * 60_000);
    s.invoke();
    s.fastForward();
    expect(s.getSnapshot().environments).toHaveLength(2);
    expect(reports(s)[1]).toMatch(REPORT_COLD);
  });

  it('provisioned concurrency: initialised ahead, first invoke warm (no Init Duration), survives idling', () => {
    const s = new ExplorerSimulation();
    s.setProvisioned(true);
    s.fastForward();
    expect(s.getSnapshot().environments[0]).toMatchObject({ provisioned: true, state: 'frozen' });
    const initSegs = s.getSnapshot().segments.filter((g) => g.kind === 'runtime');
    expect(initSegs[0]!.billed).toBe(false);
    s.invoke();
    s.fastForward();
    expect(reports(s)[0]).toMatch(REPORT_WARM);
    s.letIdle();
    expect(s.getSnapshot().environments[0]!.state).toBe('frozen');
    s.setProvisioned(false);
    s.fastForward();
    expect(s.getSnapshot().environments[0]!.state).toBe('shutdown');
  });

  it('more memory, shorter modelled handler; bigger package, longer download', () => {
    const small = new ExplorerSimulation({ memoryMb: 128 });
    const big = new ExplorerSimulation({ memoryMb: 1769 });
    expect(small.handlerMs()).toBeGreaterThan(big.handlerMs() * 5);
    expect(new ExplorerSimulation({ packageMb: 200 }).phases().codeDownloadMs).toBeGreaterThan(
      new ExplorerSimulation({ packageMb: 1 }).phases().codeDownloadMs + 300,
    );
  });

  it('snapshots are stable between changes and listeners hear each change', () => {
    const s = new ExplorerSimulation();
    let calls = 0;
    const off = s.subscribe(() => calls++);
    const a = s.getSnapshot();
    expect(s.getSnapshot()).toBe(a);
    s.invoke();
    expect(s.getSnapshot()).not.toBe(a);
    expect(calls).toBeGreaterThan(0);
    off();
  });
});
