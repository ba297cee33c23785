import type { TrafficSpec } from './traffic';

/** Another function in the same account (for reservations): its own reserved concurrency and traffic. */
export interface OtherFunction {
  name: string;
  reserved: number | null;
  rps: number;
  durationMs: number;
}

/** Provisioned concurrency on a schedule: `value` from fromS to toS, the base value outside. */
export interface ProvisionedWindow {
  fromS: number;
  toS: number;
  value: number;
}

export type ScalingRule = { model: 'current' } | { model: 'legacy'; burst: number };

export interface PoolSettings {
  traffic: TrafficSpec;
  /** Average duration of the handler, in ms (what the learner's code spends per request). */
  durationMs: number;
  memoryMb: number;
  /** Reserved concurrency for the function; null = none (uses the unreserved pool). */
  reserved: number | null;
  /** Provisioned concurrency outside the scheduled window (0 = none). */
  provisioned: number;
  schedule: ProvisionedWindow | null;
  accountLimit: number;
  others: OtherFunction[];
  scaling: ScalingRule;
}

export type PresetId =
  | 'littles-law'
  | 'account-split'
  | 'reserved-zero'
  | 'spike'
  | 'provisioned-schedule'
  | 'old-model'
  | 'account-limit';

export interface Preset {
  id: PresetId;
  label: string;
  /** One or two sentences: what to watch for. */
  intro: string;
  settings: PoolSettings;
  /** Simulated seconds worth watching (tests run this long; the UI keeps going until paused). */
  runS: number;
  /** Suggested speed index into SPEEDS when the preset loads. */
  speed: number;
}

const base: PoolSettings = {
  traffic: { shape: 'constant', rps: 100 },
  durationMs: 500,
  memoryMb: 512,
  reserved: null,
  provisioned: 0,
  schedule: null,
  accountLimit: 1000,
  others: [],
  scaling: { model: 'current' },
};

/** Spike shared by the current-rule and old-rule presets so they compare like for like. */
const bigSpike: TrafficSpec = { shape: 'spike', rps: 5000, baseRps: 100, startS: 30, lengthS: 60 };

export const PRESETS: readonly Preset[] = [
  {
    id: 'littles-law',
    label: "Little's law: 100 req/s × 0.5 s",
    intro:
      'A steady 100 requests per second, each taking half a second. Watch the pool settle at about 50 busy environments: concurrency = requests per second × average duration.',
    settings: { ...base },
    runS: 120,
    speed: 0,
  },
  {
    id: 'account-split',
    label: 'Account split: 600 unreserved, A 100, B 200',
    intro:
      'An account limit of 1,000. Function A reserves 100 and function B reserves 200; this function has no reservation and runs about 600 at once, leaving about 100 not used. A wants 150 but is capped at its 100: a reservation is a maximum as well as a minimum.',
    settings: {
      ...base,
      traffic: { shape: 'constant', rps: 1200 },
      others: [
        { name: 'function-a', reserved: 100, rps: 300, durationMs: 500 },
        { name: 'function-b', reserved: 200, rps: 320, durationMs: 500 },
      ],
    },
    runS: 90,
    speed: 2,
  },
  {
    id: 'reserved-zero',
    label: 'Reserved concurrency 0: function disabled',
    intro:
      'Reserved concurrency set to 0 turns the function off: every request is refused with 429 TooManyRequestsException and no environment ever starts.',
    settings: { ...base, traffic: { shape: 'constant', rps: 50 }, durationMs: 200, reserved: 0 },
    runS: 60,
    speed: 2,
  },
  {
    id: 'spike',
    label: 'Spike beyond the scaling rate',
    intro:
      'The account limit is raised to 3,000, and traffic jumps from 100 to 5,000 requests per second (2,500 concurrent wanted). The function may add 1,000 environments per 10 seconds, so requests above that are throttled until the pool catches up.',
    settings: { ...base, traffic: bigSpike, accountLimit: 3000 },
    runS: 120,
    speed: 2,
  },
  {
    id: 'provisioned-schedule',
    label: 'Provisioned concurrency on a schedule',
    intro:
      'A peak of 200 requests per second from 2:00 to 5:00. Provisioned concurrency of 110 is scheduled from 1:00 to 6:00, so the environments are initialised before the peak and no request in it waits for a cold start.',
    settings: {
      ...base,
      traffic: { shape: 'spike', rps: 200, baseRps: 20, startS: 120, lengthS: 180 },
      schedule: { fromS: 60, toS: 360, value: 110 },
    },
    runS: 420,
    speed: 4,
  },
  {
    id: 'old-model',
    label: 'Old scaling model (history): burst, then +500/min',
    intro:
      'The same spike under the scaling rule Lambda used before November 2023: an immediate burst of 500 to 3,000 environments depending on the region, then 500 more per minute. Switch the rule to compare with today’s 1,000 per 10 seconds per function.',
    settings: { ...base, traffic: bigSpike, accountLimit: 3000, scaling: { model: 'legacy', burst: 500 } },
    runS: 300,
    speed: 3,
  },
  {
    id: 'account-limit',
    label: 'At the account limit: 1,000 environments',
    intro:
      'Demand of 2,400 requests per second × 0.5 s = 1,200 concurrent, against an account limit of 1,000: the pool fills every slot and the rest is throttled.',
    settings: { ...base, traffic: { shape: 'constant', rps: 2400 } },
    runS: 60,
    speed: 1,
  },
];

export function getPreset(id: string | undefined): Preset {
  return PRESETS.find((p) => p.id === id) ?? PRESETS[0]!;
}

/** Speeds offered by the Speed slider (the slider's value is an index into this list). */
export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 600] as const;

/** The scaling rules offered (value = 'current' or the old model's burst). */
export const SCALING_RULES = [
  { value: 'current', label: 'Current: 1,000 environments per 10 s, per function' },
  { value: '500', label: 'Old model (history): burst 500, then +500/min' },
  { value: '1000', label: 'Old model (history): burst 1,000, then +500/min' },
  { value: '3000', label: 'Old model (history): burst 3,000, then +500/min' },
] as const;
