/**
 * One Lambda execution environment as an XState v5 statechart. This definition is the single source of truth:
 * the lifecycle explorer draws it, the sandbox drives real workers with it, and the fast service model runs on a
 * transition table compiled from it (environment.table.ts).
 *
 * Every phase is a callback actor that `sendBack`s a completion event, so modelled durations (on the virtual
 * clock) and real Web Workers plug in through `environmentMachine.provide({ actors })`. Callback actors also give
 * a cleanup hook: leaving `invoking` on a timeout stops `runHandler`, which is where a real worker is terminated.
 */
import { assign, fromCallback, setup, type AnyEventObject } from 'xstate';
import { initLimitMs } from './timing';
import { timeoutMessage } from './logs';

export interface ErrorInfo {
  errorType: string;
  errorMessage: string;
}

export interface EnvRequest {
  requestId: string;
  payload?: unknown;
}

export type PhaseName =
  'sandbox' | 'extensions' | 'runtime' | 'function' | 'reinit' | 'handler' | 'reset' | 'shutdown';

export interface ActorInput {
  environmentId: string;
  phase: PhaseName;
  request: EnvRequest | null;
  provisioned: boolean;
  timeoutMs: number;
}

export type EnvironmentOutcome = 'success' | 'error' | 'timeout' | 'crash' | 'initFailed';

export interface EnvironmentInput {
  environmentId: string;
  timeoutMs: number;
  idleLifetimeMs: number;
  provisioned?: boolean;
}

export interface EnvironmentContext {
  environmentId: string;
  provisioned: boolean;
  timeoutMs: number;
  idleLifetimeMs: number;
  /** The request being served (or waiting for init to finish). */
  request: EnvRequest | null;
  /** True after a reset: the next invoke runs Init again (/tmp is kept). */
  needsInit: boolean;
  /** The current request pays for Init (cold start). */
  coldStart: boolean;
  /** The first Init overran its limit or failed: it is retried inside the invoke. */
  initTimedOut: boolean;
  invocations: number;
  inits: number;
  resets: number;
  lastOutcome: EnvironmentOutcome | null;
  lastError: ErrorInfo | null;
}

export type EnvironmentEvent =
  | { type: 'invoke.requested'; request: EnvRequest }
  | { type: 'provision.requested' }
  | { type: 'shutdown.requested' }
  | { type: 'sandbox.ready'; durationMs?: number }
  | { type: 'init.phase.done'; durationMs?: number }
  | { type: 'init.phase.failed'; error: ErrorInfo }
  | {
      type: 'handler.done';
      error?: ErrorInfo;
      response?: unknown;
      maxMemoryUsedMb?: number;
      durationMs?: number;
    }
  | { type: 'handler.crashed'; error: ErrorInfo }
  | { type: 'reset.done' }
  | { type: 'shutdown.done' };

/** Default actors complete at once; real or modelled ones are supplied with `.provide({ actors })`. */
function immediately(event: AnyEventObject) {
  return fromCallback<AnyEventObject, ActorInput>(({ sendBack }) => {
    sendBack(event);
  });
}

const phaseInput =
  (phase: PhaseName) =>
  ({ context }: { context: EnvironmentContext }): ActorInput => ({
    environmentId: context.environmentId,
    phase,
    request: context.request,
    provisioned: context.provisioned,
    timeoutMs: context.timeoutMs,
  });

export const INIT_TIMEOUT_ERROR: ErrorInfo = {
  errorType: 'Runtime.InitTimeout',
  errorMessage: 'Init phase exceeded its time limit',
};

export const environmentMachine = setup({
  types: {
    context: {} as EnvironmentContext,
    events: {} as EnvironmentEvent,
    input: {} as EnvironmentInput,
  },
  actors: {
    startSandbox: immediately({ type: 'sandbox.ready' }),
    initExtensions: immediately({ type: 'init.phase.done' }),
    initRuntime: immediately({ type: 'init.phase.done' }),
    initFunction: immediately({ type: 'init.phase.done' }),
    reinitialize: immediately({ type: 'init.phase.done' }),
    runHandler: immediately({ type: 'handler.done' }),
    resetRuntime: immediately({ type: 'reset.done' }),
    shutdownRuntime: immediately({ type: 'shutdown.done' }),
  },
  guards: {
    isProvisioned: ({ context }) => context.provisioned,
    isOnDemand: ({ context }) => !context.provisioned,
    hasRequest: ({ context }) => context.request !== null,
    needsInit: ({ context }) => context.needsInit,
  },
  actions: {
    acceptRequest: assign({
      request: ({ event }) => (event.type === 'invoke.requested' ? event.request : null),
    }),
    markCold: assign({ coldStart: true, initTimedOut: false }),
    markWarm: assign({ coldStart: false, initTimedOut: false }),
    countInit: assign({ inits: ({ context }) => context.inits + 1, needsInit: false }),
    markInitTimedOut: assign({ initTimedOut: true, lastError: INIT_TIMEOUT_ERROR }),
    markInitFailed: assign({
      initTimedOut: true,
      lastError: ({ event }) => (event.type === 'init.phase.failed' ? event.error : null),
    }),
    finishInvoke: assign({
      invocations: ({ context }) => context.invocations + 1,
      lastOutcome: ({ event }) => (event.type === 'handler.done' && event.error ? 'error' : 'success'),
      lastError: ({ event }) => (event.type === 'handler.done' && event.error ? event.error : null),
      request: null,
    }),
    recordCrash: assign({
      invocations: ({ context }) => context.invocations + 1,
      lastOutcome: 'crash',
      lastError: ({ event }) => (event.type === 'handler.crashed' ? event.error : null),
      request: null,
    }),
    recordTimeout: assign({
      invocations: ({ context }) => context.invocations + 1,
      lastOutcome: 'timeout',
      lastError: ({ context }) => ({
        errorType: 'Sandbox.Timedout',
        errorMessage: timeoutMessage(context.timeoutMs / 1000),
      }),
      request: null,
    }),
    recordReinitFailure: assign({
      invocations: ({ context }) => context.invocations + 1,
      lastOutcome: 'initFailed',
      lastError: ({ event }) => (event.type === 'init.phase.failed' ? event.error : INIT_TIMEOUT_ERROR),
      request: null,
    }),
    /** Reset keeps /tmp and the allocation; the runtime restarts and Init runs again next time. */
    completeReset: assign({ resets: ({ context }) => context.resets + 1, needsInit: true }),
    markProvisioned: assign({ provisioned: true }),
  },
  delays: {
    initLimit: ({ context }) => initLimitMs(context.provisioned, context.timeoutMs),
    functionTimeout: ({ context }) => context.timeoutMs,
    idleLifetime: ({ context }) => context.idleLifetimeMs,
  },
}).createMachine({
  id: 'environment',
  context: ({ input }) => ({
    environmentId: input.environmentId,
    provisioned: input.provisioned ?? false,
    timeoutMs: input.timeoutMs,
    idleLifetimeMs: input.idleLifetimeMs,
    request: null,
    needsInit: true,
    coldStart: false,
    initTimedOut: false,
    invocations: 0,
    inits: 0,
    resets: 0,
    lastOutcome: null,
    lastError: null,
  }),
  initial: 'created',
  states: {
    created: {
      description: 'Lambda has chosen a host but nothing runs yet.',
      on: {
        'invoke.requested': { target: 'starting', actions: ['acceptRequest', 'markCold'] },
        'provision.requested': { target: 'starting', actions: 'markProvisioned' },
      },
    },
    starting: {
      description:
        'AWS downloads your code and layers, starts the sandbox, attaches the VPC interface. Not billed.',
      invoke: { src: 'startSandbox', input: phaseInput('sandbox') },
      on: { 'sandbox.ready': { target: 'initializing' } },
    },
    initializing: {
      description: 'Init phase: extensions, then the runtime, then your module-level code.',
      initial: 'extensions',
      entry: 'countInit',
      after: {
        initLimit: [
          {
            guard: 'isOnDemand',
            target: '#environment.invoking.reinitializing',
            actions: 'markInitTimedOut',
          },
          { target: '#environment.shuttingDown', actions: 'markInitTimedOut' },
        ],
      },
      on: {
        'init.phase.failed': [
          { guard: 'isOnDemand', target: '#environment.invoking.reinitializing', actions: 'markInitFailed' },
          { target: '#environment.shuttingDown', actions: 'markInitFailed' },
        ],
      },
      states: {
        extensions: {
          invoke: { src: 'initExtensions', input: phaseInput('extensions') },
          on: { 'init.phase.done': { target: 'runtime' } },
        },
        runtime: {
          invoke: { src: 'initRuntime', input: phaseInput('runtime') },
          on: { 'init.phase.done': { target: 'function' } },
        },
        function: {
          invoke: { src: 'initFunction', input: phaseInput('function') },
          on: {
            'init.phase.done': [
              { guard: 'hasRequest', target: '#environment.invoking.running' },
              { target: '#environment.frozen' },
            ],
          },
        },
      },
    },
    invoking: {
      description: 'Your handler runs for one request; the function timeout covers any Init retried here.',
      initial: 'running',
      after: {
        functionTimeout: { target: 'resetting', actions: 'recordTimeout' },
      },
      states: {
        reinitializing: {
          description: 'Init overran or failed, so it runs again inside the first invoke.',
          invoke: { src: 'reinitialize', input: phaseInput('reinit') },
          on: {
            'init.phase.done': { target: 'running' },
            'init.phase.failed': { target: '#environment.resetting', actions: 'recordReinitFailure' },
          },
        },
        running: {
          invoke: { src: 'runHandler', input: phaseInput('handler') },
          on: {
            'handler.done': { target: '#environment.frozen', actions: 'finishInvoke' },
            'handler.crashed': { target: '#environment.resetting', actions: 'recordCrash' },
          },
        },
      },
    },
    frozen: {
      description:
        'Idle between invokes: the process is paused, its timers and pending work wait for the thaw.',
      after: {
        idleLifetime: { guard: 'isOnDemand', target: 'shuttingDown' },
      },
      on: {
        'invoke.requested': [
          { guard: 'needsInit', target: 'initializing', actions: ['acceptRequest', 'markCold'] },
          { target: 'invoking', actions: ['acceptRequest', 'markWarm'] },
        ],
        'shutdown.requested': { target: 'shuttingDown' },
      },
    },
    resetting: {
      description:
        'After a timeout or crash the runtime restarts; /tmp survives and Init runs on the next invoke.',
      invoke: { src: 'resetRuntime', input: phaseInput('reset') },
      on: {
        'reset.done': [
          { guard: 'isProvisioned', target: 'initializing', actions: 'completeReset' },
          { target: 'frozen', actions: 'completeReset' },
        ],
      },
    },
    shuttingDown: {
      description: 'Idle too long (or no longer needed): runtime and extensions get a short Shutdown phase.',
      invoke: { src: 'shutdownRuntime', input: phaseInput('shutdown') },
      on: { 'shutdown.done': { target: 'shutdown' } },
    },
    shutdown: {
      description: 'Gone. The next request needs a new environment (a cold start).',
      type: 'final',
    },
  },
});

export type EnvironmentMachine = typeof environmentMachine;
