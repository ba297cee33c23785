/** `node:diagnostics_channel`: the tracer subscribes to undici's fetch events; the sandbox publishes none. */
export function subscribe(): void {}
export function unsubscribe(): void {}
export default { subscribe, unsubscribe };
