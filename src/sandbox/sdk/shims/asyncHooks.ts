/**
 * `node:async_hooks`' AsyncLocalStorage, for the Lambda invoke store. An environment runs one invocation at a
 * time (as Lambda does outside Managed Instances), so the store of the run in progress is the current one.
 */
export class AsyncLocalStorage<Store> {
  private current: Store | undefined;

  getStore(): Store | undefined {
    return this.current;
  }

  run<Result>(store: Store, callback: () => Result): Result {
    // Kept after the callback returns: an async handler reads it after its first await.
    this.current = store;
    return callback();
  }
}
export default { AsyncLocalStorage };
