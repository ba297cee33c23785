/**
 * Finding and calling the handler, as the Node.js runtime interface client does.
 *
 * Finding (both versions): the handler setting `dir/module.export.path` names `module` under /var/task/dir,
 * tried as is, then .js, .mjs, .cjs (and .ts, a sandbox convenience for the playground's TypeScript mode);
 * `export.path` may be nested. Errors: Runtime.MalformedHandlerName, Runtime.ImportModuleError,
 * Runtime.UserCodeSyntaxError, Runtime.HandlerNotFound; nodejs24.x also refuses handlers with three or more
 * parameters (Runtime.CallbackHandlerDeprecated).
 *
 * Calling: nodejs22.x (client 3.x) calls `handler(event, context, callback)`; a returned promise settles the
 * invocation, otherwise the callback (or context.succeed/fail/done) does, and a handler that does neither
 * answers null once the event loop is empty. A returned promise still pending when the event loop is empty
 * ends the process as Runtime.NodeJsExit (both versions; see UNSETTLED_GRACE_MS). The callback waits for an empty loop unless
 * `context.callbackWaitsForEmptyEventLoop` is false. nodejs24.x (client 4.x) awaits `handler(event, context)`
 * and answers after a setImmediate turn.
 */
import type { ErrorResponse } from '../../../sim/lambda/host';
import type { FreezableScheduler } from '../../worker/scheduler';
import { CALLBACK_HANDLER_DEPRECATED, type NodeVersion } from './versions';
import { TASK_ROOT } from './environment';
import { runtimeError } from './errors';
import type { CallbackMembers } from './context';
import type { ModuleLoader } from './loader';
import { isStreamingHandler } from './streaming';

export type Handler = (...args: unknown[]) => unknown;

export type HandlerLookup =
  { ok: true; filename: string; exportPath: string } | { ok: false; error: ErrorResponse };

const MODULE_EXTENSIONS = ['', '.js', '.mjs', '.cjs', '.ts'];

/** Where the handler setting points: the module file and the export path inside it. */
export function locateHandler(handlerSetting: string, loader: Pick<ModuleLoader, 'hasFile'>): HandlerLookup {
  if (handlerSetting.includes('..'))
    return {
      ok: false,
      error: runtimeError(
        'Runtime.MalformedHandlerName',
        `'${handlerSetting}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
      ),
    };
  const slash = handlerSetting.lastIndexOf('/');
  const moduleRoot = handlerSetting.slice(0, slash + 1);
  const match = /^([^.]*)\.(.*)$/.exec(handlerSetting.slice(slash + 1));
  if (!match || !match[1] || !match[2])
    return { ok: false, error: runtimeError('Runtime.MalformedHandlerName', 'Bad handler') };
  const moduleName = match[1];
  const base = `${TASK_ROOT}/${moduleRoot}${moduleName}`.replace(/\/+/g, '/');
  for (const extension of MODULE_EXTENSIONS)
    if (loader.hasFile(base + extension))
      return { ok: true, filename: base + extension, exportPath: match[2] };
  const message = `Error: Cannot find module '${moduleName}'\nRequire stack:\n- /var/runtime/index.mjs`;
  return { ok: false, error: runtimeError('Runtime.ImportModuleError', message) };
}

/** The export at `exportPath` (dots for nested properties), checked the way the runtime checks it. */
export function pickHandler(
  exports: unknown,
  exportPath: string,
  handlerSetting: string,
  version: NodeVersion,
): { ok: true; handler: Handler } | { ok: false; error: ErrorResponse } {
  const candidate = exportPath
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | null | undefined)?.[key], exports);
  if (!candidate)
    return {
      ok: false,
      error: runtimeError('Runtime.HandlerNotFound', `${handlerSetting} is undefined or not exported`),
    };
  if (typeof candidate !== 'function')
    return {
      ok: false,
      error: runtimeError('Runtime.HandlerNotFound', `${handlerSetting} is not a function`),
    };
  // A streaming handler's third parameter is the context, not a callback (streaming.ts).
  if (!version.callbackHandlers && candidate.length >= 3 && !isStreamingHandler(candidate))
    return {
      ok: false,
      error: runtimeError('Runtime.CallbackHandlerDeprecated', CALLBACK_HANDLER_DEPRECATED, [
        `Runtime.CallbackHandlerDeprecated: ${CALLBACK_HANDLER_DEPRECATED}`,
        '    at errorOnDeprecatedCallback (file:///var/runtime/index.mjs:617:11)',
        '    at createRuntime (file:///var/runtime/index.mjs:1222:5)',
      ]),
    };
  return { ok: true, handler: candidate as Handler };
}

/** How an invocation ends, before serialisation. */
export type Settlement = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface CallbackControls {
  callback: (error?: unknown, value?: unknown) => void;
  succeed: (value?: unknown) => void;
  fail: (error?: unknown) => void;
  /** A handler that neither returns a promise nor calls back answers null once the event loop is empty. */
  answerNullWhenIdle(): void;
}

/**
 * How long a returned promise may stay pending once nothing the sandbox sees is pending, before the process
 * ends as Runtime.NodeJsExit. Node.js would exit at once; the sandbox cannot see the browser's own pending work
 * (crypto.subtle, WebAssembly.compile, Blob reads), which settles within milliseconds, so it checks again
 * after this grace (an unreferenced timer: it keeps nothing alive and is frozen with the environment).
 */
export const UNSETTLED_GRACE_MS = 250;

/**
 * AWS: "This error occurs when your function exits before all Promises are settled … affects only async style
 * handlers … Node.js 18 and later" (docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html,
 * "Unexpected Node.js exit in runtime (Runtime.NodejsExit)"). The runtime's exact message is not published; the
 * npm client 3.3.0 still answers null here (scripts/oracle), the managed runtimes do not.
 */
export function unsettledPromiseError(requestId: string): ErrorResponse {
  return runtimeError(
    'Runtime.NodeJsExit',
    `RequestId: ${requestId} Error: Lambda runtime client detected an unexpected Node.js exit code: the event loop emptied before the handler's promise settled`,
  );
}

/**
 * How long the unsettled-promise watch waits before it looks again once it found the loop busy. A handler awaiting
 * SDK calls one after another empties the loop for a moment at every reply (the request's hold ends before the
 * continuation sends the next one): looking again a turn later armed a real timer per call, a measurable share of
 * each call in the worker. The watch ends in a 250 ms grace anyway, so a few milliseconds more change nothing.
 */
export const UNSETTLED_RECHECK_MS = 16;

/** Calls `work` if `stillPending()` holds once the loop is empty and again after the grace. */
function exitWhenUnsettled(
  scheduler: FreezableScheduler,
  stillPending: () => boolean,
  work: () => void,
): void {
  afterEmptyLoop(
    scheduler,
    () => {
      if (!stillPending()) return;
      scheduler
        .set(
          () => {
            if (!stillPending()) return;
            if (scheduler.pendingWork() === 0) work();
            else exitWhenUnsettled(scheduler, stillPending, work);
          },
          UNSETTLED_GRACE_MS,
          [],
          false,
        )
        .unref();
    },
    UNSETTLED_RECHECK_MS,
  );
}

/**
 * Runs `work` once the event loop is empty, like Node's `beforeExit`: checked in a later turn (an unreferenced
 * timer), so the continuations of whatever just finished (a timer resolving a promise) run before the check.
 */
function afterEmptyLoop(
  scheduler: FreezableScheduler,
  work: () => void,
  /** Found busy: once the loop empties, look again after this long (0: the next turn). */
  recheckMs = 0,
  delayMs = 0,
): void {
  scheduler
    .set(
      () => {
        if (scheduler.pendingWork() === 0) work();
        else scheduler.whenIdle(() => afterEmptyLoop(scheduler, work, recheckMs, recheckMs));
      },
      delayMs,
      [],
      false,
    )
    .unref();
}

/** nodejs22.x: callback, context.succeed/fail/done (added to `context`), and the empty-loop rules. */
function callbackControls(
  scheduler: FreezableScheduler,
  settle: (settlement: Settlement) => void,
): CallbackControls & { members: CallbackMembers; isFinished(): boolean } {
  let finished = false;
  let waitForEmptyLoop = true;
  let answered = false;
  const complete = (value: unknown) => {
    if (answered) return;
    answered = true;
    settle({ ok: true, value });
  };
  const fail = (error: unknown) => {
    if (answered) return;
    answered = true;
    settle({ ok: false, error });
  };
  const done = (error?: unknown, value?: unknown) => {
    if (error !== undefined && error !== null) fail(error);
    else complete(value);
  };
  // The first of callback, succeed, fail and done wins; the others are ignored.
  const callback = (error?: unknown, value?: unknown) => {
    if (finished) return;
    finished = true;
    if (error !== undefined && error !== null) fail(error);
    else if (!waitForEmptyLoop) complete(value);
    else afterEmptyLoop(scheduler, () => complete(value));
  };
  const succeedOnce = (value?: unknown) => {
    if (finished) return;
    finished = true;
    done(null, value);
  };
  const failOnce = (error?: unknown) => {
    if (finished) return;
    finished = true;
    if (error === undefined || error === null) done('handled');
    else done(error, null);
  };
  const doneOnce = (error?: unknown, value?: unknown) => {
    if (finished) return;
    finished = true;
    done(error, value);
  };
  return {
    members: {
      succeed: succeedOnce,
      fail: failOnce,
      done: doneOnce,
      waitsForEmptyEventLoop: () => waitForEmptyLoop,
      setWaitsForEmptyEventLoop: (value) => {
        waitForEmptyLoop = value;
      },
    },
    callback,
    succeed: succeedOnce,
    fail: failOnce,
    answerNullWhenIdle: () =>
      afterEmptyLoop(scheduler, () => {
        if (!finished) complete(null);
      }),
    isFinished: () => finished,
  };
}

export interface CallOptions {
  version: NodeVersion;
  scheduler: FreezableScheduler;
  handler: Handler;
  event: unknown;
  /** Builds the context; nodejs22.x passes its callback members. */
  createContext(callbacks?: CallbackMembers): Record<string, unknown>;
  settle(settlement: Settlement): void;
  /** The returned promise is still pending with the event loop empty: the process ends (Runtime.NodeJsExit). */
  exitUnsettled(): void;
}

export function callHandler(options: CallOptions): void {
  const { version, scheduler, handler, event } = options;
  if (!version.callbackHandlers) {
    // Client 4.x: `await handler(event, context)`, then one setImmediate turn before answering.
    const answer = (settlement: Settlement) => scheduler.set(() => options.settle(settlement), 0, [], false);
    const context = options.createContext();
    let settled = false;
    Promise.resolve()
      .then(() => handler(event, context))
      .then(
        (value) => {
          settled = true;
          answer({ ok: true, value });
        },
        (error: unknown) => {
          settled = true;
          answer({ ok: false, error });
        },
      );
    exitWhenUnsettled(scheduler, () => !settled, options.exitUnsettled);
    return;
  }
  const controls = callbackControls(scheduler, options.settle);
  try {
    const result = handler(event, options.createContext(controls.members), controls.callback);
    if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
      (result as PromiseLike<unknown>).then(controls.succeed, controls.fail);
      exitWhenUnsettled(scheduler, () => !controls.isFinished(), options.exitUnsettled);
    } else controls.answerNullWhenIdle();
  } catch (error) {
    controls.callback(error);
  }
}
