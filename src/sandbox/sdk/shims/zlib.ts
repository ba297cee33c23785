/** `node:zlib`: not offered in the sandbox (JMESPath's `powertools_base64_gzip` is the only user). */
export function gunzipSync(): never {
  throw new Error('gzip is not available in the course sandbox (powertools_base64_gzip).');
}
export default { gunzipSync };
