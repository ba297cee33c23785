/** `node:url`: the worker's global URL is the same WHATWG class. */
const GlobalUrl = globalThis.URL;
export { GlobalUrl as URL };
export default { URL: GlobalUrl };
