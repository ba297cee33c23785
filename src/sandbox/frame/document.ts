/**
 * The sandbox iframe's document (its `srcdoc`). Two things matter here:
 *
 * - The frame's script is inlined. A `<script src>` from an opaque-origin frame to the course's origin is a
 *   cross-origin request that a service worker cannot serve, so the sandbox would not start offline.
 * - A Content-Security-Policy closes the network for everything in the frame, and blob workers inherit it:
 *   no fetch/XHR/WebSocket/EventSource (connect-src 'none'), no remote script, worker, image, font or media,
 *   scripts only inline (this one) and blob:/eval (the runtimes evaluate learner code and sucrase with eval;
 *   Pyodide compiles WebAssembly). It is what stops `import('https://…')`, `new Worker('data:…')` and nested
 *   workers, which no global override can.
 */

export const SANDBOX_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' blob:",
  'worker-src blob:',
  'child-src blob:',
  "connect-src 'none'",
  "img-src 'none'",
  "font-src 'none'",
  "media-src 'none'",
  "object-src 'none'",
  "style-src 'none'",
  "frame-src 'none'",
  "manifest-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/**
 * Script text that cannot end its <script> element early or switch the HTML parser into its escaped states:
 * `</script` and `<!--` become `<\/script` and `<\!--` (the same text inside strings, templates and comments).
 */
export function escapeInlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

export function frameDocument(channel: string, frameScript: string): string {
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(SANDBOX_CSP)}">` +
    `<meta name="coldstart-channel" content="${escapeAttribute(channel)}">` +
    `<script>${escapeInlineScript(frameScript)}</script></head><body></body></html>`
  );
}
