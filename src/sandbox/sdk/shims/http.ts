/** `node:http` / `node:https`: functions in the sandbox make no outgoing HTTP calls for the tracer to capture. */
export default {};
