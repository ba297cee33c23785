/**
 * The bench's driver: a VirtualClock and the simulation core's LambdaService, fed by traffic generators.
 * Everything the view shows comes from here, and everything here comes from the service: which requests
 * are throttled (account limit, reservations, scaling rate, old burst rule), which start cold, how many
 * environments exist and in what state, and what it all costs. This file only generates arrivals, reads
 * the service's counters and environment states, and folds them into per-second samples and pool cells.
 *
 * Seams on top of the service's public API (nothing in src/sim is changed):
 * - provisioned concurrency on a schedule = putProvisionedConcurrency() calls scheduled on the clock;
 * - other functions' reservations = more functions created in the same service (same account);
 * - environment state per cell = service.environments(name) polled once per frame; an environment that
 *   disappears from that list was reclaimed (the service also emits 'environment.shutdown').
 */
import { LambdaService, PRICES, VirtualClock, type Invocation } from '../../sim';
import { CELL, type CellState } from './cells';
import type { PoolSettings } from './presets';
import { percentiles, Recorder } from './recorder';
import { createRng, lognormalWithMean } from './rng';
import type { PoolSample } from './sample';
import { ArrivalGenerator } from './traffic';

export const MAIN_FUNCTION = 'my-function';
/** The alias the bench's traffic invokes (provisioned concurrency needs a version or an alias). */
export const MAIN_ALIAS = 'live';

/** Sim time between scheduling batches of arrivals (the clock still fires each arrival at its exact time). */
const CHUNK_MS = 100;
const SAMPLE_MS = 1000;
/** A reclaimed environment stays visible as a "reclaimed" cell this long (sim ms) unless its slot is reused. */
const GHOST_MS = 20_000;
/** Keep at most this many latencies per second for the percentiles (uniform thinning above it). */
const LATENCY_CAP = 8192;

export class PoolConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoolConfigError';
  }
}

export interface PoolRegion {
  name: string;
  label: string;
  kind: 'main' | 'reserved' | 'unreserved';
  start: number;
  size: number;
}

interface Traffic {
  name: string;
  gen: ArrivalGenerator;
  fire: () => void;
  /** Running count and time integral of in-flight (accepted, unfinished) invocations. */
  inFlight: number;
  area: number;
  lastChange: number;
  onEnd: (inv: Invocation) => void;
  latencies: number[];
  latencySeen: number;
  latencySum: number;
  latencyCount: number;
  prev: { invocations: number; throttles: number; coldStarts: number };
  region: PoolRegion;
  reserved: number | null;
}

function cellStateOf(env: { state: string; provisioned: boolean; busy: boolean }): CellState {
  const s = env.state;
  if (s === 'invoking.running') return env.provisioned ? CELL.provBusy : CELL.busy;
  if (s === 'frozen') return env.provisioned ? CELL.provIdle : CELL.idle;
  if (s === 'shuttingDown' || s === 'shutdown') return CELL.reclaimed;
  // created, starting, initializing.*, invoking.reinitializing, resetting: Init is (about to be) running.
  return env.provisioned ? CELL.provInit : CELL.init;
}

export class PoolEngine {
  readonly clock = new VirtualClock();
  readonly service: LambdaService;
  readonly recorder = new Recorder<PoolSample>();
  readonly settings: PoolSettings;
  /** Live cell states (index = slot), changed-at wall times for transitions, and slot → environment id. */
  cells: Uint8Array;
  changedAt: Float64Array;
  readonly regions: PoolRegion[];
  /** Problems met while running (e.g. a scheduled provisioned change the service refused). */
  readonly notices: string[] = [];

  private durationMs: number;
  private readonly traffic: Traffic[] = [];
  private readonly main: Traffic;
  private slotEnv: Int32Array;
  private slotGen: Uint32Array;
  private ghostAt: Float64Array;
  private readonly slotOf = new Map<number, number>();
  private gen = 0;
  private nextSampleAt = SAMPLE_MS;
  private provisionedNow: number;
  private totals = { offered: 0, invocations: 0, throttles: 0, coldStarts: 0 };
  private readonly arrivalsBuf: number[] = [];

  constructor(settings: PoolSettings, options: { seed?: number } = {}) {
    this.settings = structuredClone(settings);
    const s = this.settings;
    this.durationMs = s.durationMs;
    try {
      this.service = new LambdaService({
        clock: this.clock,
        accountConcurrencyLimit: s.accountLimit,
        scaling: s.scaling,
        seed: options.seed ?? 1,
      });
    } catch (e) {
      throw new PoolConfigError((e as Error).message);
    }

    // Regions of the grid: this function first, then each reservation, then what is left unreserved.
    const reservedOthers = s.others.reduce((sum, o) => sum + (o.reserved ?? 0), 0);
    const regions: PoolRegion[] = [];
    let at = 0;
    const unreservedSize = Math.max(0, s.accountLimit - reservedOthers - (s.reserved ?? 0));
    if (s.reserved !== null) {
      regions.push({
        name: MAIN_FUNCTION,
        label: 'This function (reserved)',
        kind: 'main',
        start: 0,
        size: s.reserved,
      });
      at = s.reserved;
    } else {
      regions.push({
        name: MAIN_FUNCTION,
        label: 'Unreserved (this function)',
        kind: 'main',
        start: 0,
        size: unreservedSize,
      });
      at = unreservedSize;
    }
    for (const o of s.others) {
      if (o.reserved === null) continue;
      regions.push({
        name: o.name,
        label: `${o.name} (reserved)`,
        kind: 'reserved',
        start: at,
        size: o.reserved,
      });
      at += o.reserved;
    }
    if (s.reserved !== null) {
      regions.push({
        name: 'unreserved',
        label: 'Unreserved',
        kind: 'unreserved',
        start: at,
        size: unreservedSize,
      });
      at += unreservedSize;
    }
    this.regions = regions;
    const slots = Math.max(1, at);
    this.cells = new Uint8Array(slots);
    this.changedAt = new Float64Array(slots);
    this.slotEnv = new Int32Array(slots);
    this.slotGen = new Uint32Array(slots);
    this.ghostAt = new Float64Array(slots);

    const timeoutS = (ms: number) => Math.min(900, Math.max(3, Math.ceil((ms * 4) / 1000)));
    this.create({
      name: MAIN_FUNCTION,
      memoryMb: s.memoryMb,
      timeoutS: timeoutS(s.durationMs),
      runtime: 'nodejs22.x',
      // Duration is what the learner sets, at this memory: not rescaled by CPU share (cpuBoundFraction 0).
      handler: { durationMs: (rng) => lognormalWithMean(rng, this.durationMs, 0.2), cpuBoundFraction: 0 },
    });
    // Provisioned concurrency goes on a published version or an alias, never $LATEST: traffic uses alias `live`.
    const published = this.service.publishVersion(MAIN_FUNCTION);
    if (!published.ok) throw new PoolConfigError(published.message);
    const alias = this.service.createAlias(MAIN_FUNCTION, MAIN_ALIAS, published.version);
    if (!alias.ok) throw new PoolConfigError(alias.message);
    for (const o of s.others) {
      this.create({
        name: o.name,
        memoryMb: s.memoryMb,
        timeoutS: timeoutS(o.durationMs),
        runtime: 'nodejs22.x',
        handler: { durationMs: (rng) => lognormalWithMean(rng, o.durationMs, 0.2), cpuBoundFraction: 0 },
      });
    }
    // Reservations: others first (they are the account's existing state), then this function.
    for (const o of s.others)
      if (o.reserved !== null) this.must(this.service.putFunctionConcurrency(o.name, o.reserved), o.name);
    if (s.reserved !== null)
      this.must(this.service.putFunctionConcurrency(MAIN_FUNCTION, s.reserved), 'this function');

    this.main = this.addTraffic(
      MAIN_FUNCTION,
      new ArrivalGenerator(s.traffic, options.seed ?? 1),
      regions[0]!,
      s.reserved,
    );
    s.others.forEach((o, i) => {
      const region = regions.find((r) => r.name === o.name) ?? regions.find((r) => r.kind !== 'reserved')!;
      this.addTraffic(
        o.name,
        new ArrivalGenerator({ shape: 'constant', rps: o.rps }, (options.seed ?? 1) + i + 1),
        region,
        o.reserved,
      );
    });

    this.provisionedNow = 0;
    if (s.provisioned > 0) {
      const res = this.service.putProvisionedConcurrency(MAIN_FUNCTION, MAIN_ALIAS, s.provisioned);
      if (!res.ok) throw new PoolConfigError(`provisioned concurrency: ${res.message}`);
      this.provisionedNow = s.provisioned;
    }
    if (s.schedule) {
      const w = s.schedule;
      if (!(w.toS > w.fromS))
        throw new PoolConfigError('The provisioned concurrency schedule must end after it starts.');
      this.clock.scheduleAt(w.fromS * 1000, () => this.setProvisioned(w.value, 'scheduled start'));
      this.clock.scheduleAt(w.toS * 1000, () => this.setProvisioned(s.provisioned, 'scheduled end'));
    }
  }

  private create(input: Parameters<LambdaService['createFunction']>[0]): void {
    const res = this.service.createFunction(input);
    if (!res.ok) throw new PoolConfigError(res.message);
  }

  private must(res: { ok: true } | { ok: false; error: string }, what: string): void {
    if (!res.ok) throw new PoolConfigError(`${what}: ${res.error}`);
  }

  private setProvisioned(n: number, why: string): void {
    const res =
      n > 0
        ? this.service.putProvisionedConcurrency(MAIN_FUNCTION, MAIN_ALIAS, n)
        : this.service.deleteProvisionedConcurrency(MAIN_FUNCTION, MAIN_ALIAS);
    if (res.ok || (n === 0 && res.errorType === 'ProvisionedConcurrencyConfigNotFoundException'))
      this.provisionedNow = n;
    else this.notices.push(`Provisioned concurrency (${why}) refused: ${res.message}`);
  }

  private addTraffic(
    name: string,
    gen: ArrivalGenerator,
    region: PoolRegion,
    reserved: number | null,
  ): Traffic {
    const t: Traffic = {
      name,
      gen,
      fire: () => {},
      inFlight: 0,
      area: 0,
      lastChange: 0,
      onEnd: () => {},
      latencies: [],
      latencySeen: 0,
      latencySum: 0,
      latencyCount: 0,
      prev: { invocations: 0, throttles: 0, coldStarts: 0 },
      region,
      reserved,
    };
    const svc = this.service;
    const clock = this.clock;
    const thin = createRng(this.traffic.length + 99);
    t.onEnd = (inv) => {
      if (inv.outcome === 'throttled') return;
      const now = clock.now();
      t.area += t.inFlight * (now - t.lastChange);
      t.lastChange = now;
      t.inFlight--;
      const latency = inv.endedAt - inv.receivedAt;
      t.latencySum += latency;
      t.latencyCount++;
      // Uniform thinning keeps percentile work bounded at thousands of requests per second.
      if (t.latencies.length < LATENCY_CAP) t.latencies.push(latency);
      else {
        const j = Math.floor(thin() * (t.latencySeen + 1));
        if (j < LATENCY_CAP) t.latencies[j] = latency;
      }
      t.latencySeen++;
    };
    const opts = {
      type: 'sync' as const,
      onEnd: t.onEnd,
      ...(name === MAIN_FUNCTION ? { qualifier: MAIN_ALIAS } : {}),
    };
    t.fire = () => {
      const inv = svc.invoke(name, opts);
      if (inv.outcome === 'throttled') return;
      const now = clock.now();
      t.area += t.inFlight * (now - t.lastChange);
      t.lastChange = now;
      t.inFlight++;
    };
    this.traffic.push(t);
    return t;
  }

  nowMs(): number {
    return this.clock.now();
  }

  /** Seconds-level changes a learner can make without restarting: traffic shape, rate, duration. */
  setLive(next: PoolSettings): void {
    this.main.gen.setSpec(next.traffic);
    this.durationMs = next.durationMs;
    this.settings.traffic = { ...next.traffic };
    this.settings.durationMs = next.durationMs;
  }

  /**
   * Runs the simulation up to `targetMs`. Stops early (returning the time reached) if the wall clock passes
   * `deadlineWallMs`, so a frame never blocks; the next frame carries on from there.
   */
  advanceTo(targetMs: number, deadlineWallMs = Infinity): number {
    const clock = this.clock;
    while (clock.now() < targetMs) {
      if (deadlineWallMs !== Infinity && performance.now() > deadlineWallMs) break;
      const from = clock.now();
      const to = Math.min(targetMs, this.nextSampleAt, from + CHUNK_MS);
      for (const t of this.traffic) this.feed(t, from, to);
      clock.advanceTo(to);
      if (to >= this.nextSampleAt) {
        this.takeSample();
        this.nextSampleAt += SAMPLE_MS;
      }
    }
    return clock.now();
  }

  /** Schedules the arrivals in [from, to) as clock timers: each one invokes the function at its exact time. */
  private feed(t: Traffic, fromMs: number, toMs: number): void {
    const buf = this.arrivalsBuf;
    buf.length = 0;
    t.gen.arrivals(fromMs / 1000, toMs / 1000, buf);
    for (const s of buf) this.clock.scheduleAt(s * 1000, t.fire);
  }

  private takeSample(): void {
    const now = this.clock.now();
    const svc = this.service;
    const windowMs = SAMPLE_MS;
    const read = (t: Traffic) => {
      t.area += t.inFlight * (now - t.lastChange);
      t.lastChange = now;
      const m = svc.functionMetrics(t.name);
      const d = {
        offered: m.invocations - t.prev.invocations,
        throttles: m.throttles - t.prev.throttles,
        coldStarts: m.coldStarts - t.prev.coldStarts,
        concurrency: t.area / windowMs,
      };
      t.prev = { invocations: m.invocations, throttles: m.throttles, coldStarts: m.coldStarts };
      t.area = 0;
      return d;
    };
    const d = read(this.main);
    const others = this.traffic.slice(1).map((t) => {
      const o = read(t);
      t.latencies.length = 0;
      return { name: t.name, concurrency: o.concurrency, throttles: o.throttles, reserved: t.reserved };
    });
    const m = this.main;
    const lat = m.latencies;
    const [p50 = 0, p95 = 0, p99 = 0] = percentiles(lat, [50, 95, 99]);
    const meanLatencyMs = m.latencyCount ? m.latencySum / m.latencyCount : 0;
    m.latencies = [];
    m.latencySeen = 0;
    m.latencySum = 0;
    m.latencyCount = 0;

    const invocations = d.offered - d.throttles;
    this.totals.offered += d.offered;
    this.totals.invocations += invocations;
    this.totals.throttles += d.throttles;
    this.totals.coldStarts += d.coldStarts;

    const sm = svc.metrics();
    const costOnDemand = sm.cost.requests + sm.gbSeconds * PRICES.durationGbSecond.x86_64;
    const costProvisioned =
      sm.cost.provisioned + sm.provisionedDurationGbSeconds * PRICES.provisionedDurationGbSecond;

    this.syncCells(performance.now(), true);
    this.recorder.push({
      tS: now / 1000,
      concurrency: d.concurrency,
      cap: this.cap(),
      accountLimit: this.settings.accountLimit,
      offered: d.offered,
      invocations,
      throttles: d.throttles,
      coldStarts: d.coldStarts,
      coldShare: invocations > 0 ? d.coldStarts / invocations : 0,
      meanLatencyMs,
      p50,
      p95,
      p99,
      costOnDemand,
      costProvisioned,
      provisioned: this.provisionedNow,
      environments: svc.functionMetrics(MAIN_FUNCTION).environments,
      others,
      totals: { ...this.totals },
      cells: this.cells.slice(),
    });
  }

  /** The most this function may run at once under its reservation or the unreserved pool. */
  cap(): number {
    const s = this.settings;
    if (s.reserved !== null) return s.reserved;
    return s.accountLimit - s.others.reduce((sum, o) => sum + (o.reserved ?? 0), 0);
  }

  get slots(): number {
    return this.cells.length;
  }

  /**
   * Reads every environment's state from the service into the cells. Each environment keeps its slot for
   * life; one that vanished was reclaimed and shows as such for a while. `wallNow` stamps changes so the
   * renderer can animate them.
   */
  syncCells(wallNow: number, fromSample = false): void {
    if (!fromSample && this.lastSyncAt === this.clock.now()) return;
    this.lastSyncAt = this.clock.now();
    const gen = ++this.gen;
    const now = this.clock.now();
    for (const t of this.traffic) {
      for (const env of this.service.environments(t.name)) {
        let slot = this.slotOf.get(env.id);
        if (slot === undefined) {
          slot = this.allocate(t.region);
          this.slotOf.set(env.id, slot);
          this.slotEnv[slot] = env.id;
        }
        this.slotGen[slot] = gen;
        const st = cellStateOf(env);
        const was = this.cells[slot]!;
        if (was !== st) {
          this.cells[slot] = st;
          // Only a new environment appearing is animated; busy ⇄ idle flips would flicker at high speed.
          if (was === CELL.empty || was === CELL.reclaimed) this.changedAt[slot] = wallNow;
        }
      }
    }
    for (let i = 0; i < this.cells.length; i++) {
      const id = this.slotEnv[i]!;
      if (id !== 0 && this.slotGen[i] !== gen) {
        // Gone from the service's list: reclaimed (idle lifetime over, or provisioned concurrency removed).
        this.slotOf.delete(id);
        this.slotEnv[i] = 0;
        this.cells[i] = CELL.reclaimed;
        this.changedAt[i] = wallNow;
        this.ghostAt[i] = now;
      } else if (id === 0 && this.cells[i] === CELL.reclaimed && now - this.ghostAt[i]! > GHOST_MS) {
        this.cells[i] = CELL.empty;
      }
    }
  }

  private lastSyncAt = -1;

  private allocate(region: PoolRegion): number {
    const end = region.start + region.size;
    let ghost = -1;
    for (let i = region.start; i < end; i++) {
      if (this.slotEnv[i] !== 0) continue;
      if (this.cells[i] === CELL.empty) return i;
      if (ghost < 0) ghost = i;
    }
    if (ghost >= 0) return ghost;
    // More environments than the region holds (e.g. provisioned ones retiring while new ones start): grow.
    const i = this.cells.length;
    const grow = <T extends Uint8Array | Float64Array | Int32Array | Uint32Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(Math.ceil((a.length + 1) * 1.25));
      b.set(a as never);
      return b;
    };
    this.cells = grow(this.cells, (n) => new Uint8Array(n));
    this.changedAt = grow(this.changedAt, (n) => new Float64Array(n));
    this.slotEnv = grow(this.slotEnv, (n) => new Int32Array(n));
    this.slotGen = grow(this.slotGen, (n) => new Uint32Array(n));
    this.ghostAt = grow(this.ghostAt, (n) => new Float64Array(n));
    return i;
  }
}
