/**
 * Small, faithful-enough versions of the Node.js built-ins that handlers commonly use:
 * buffer (Buffer), path (posix), util (format, inspect, promisify, types), events (EventEmitter)
 * and crypto (randomUUID, randomBytes, getRandomValues). Enough for lessons; anything else
 * throws a clear "not available in the Coldstart sandbox" error from the module loader.
 */
// hashes.ts uses this module's Buffer when called, not when loaded: the cycle is safe.
import { createCipheriv, createDecipheriv, getCiphers } from './ciphers';
import { createHash, createHmac, getHashes, hash } from './hashes';

/* ---------- buffer ---------- */
const enc = new TextEncoder();
const dec = new TextDecoder();

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
function fromBase64(s: string): Uint8Array {
  const bin = atob(
    s
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .replace(/[^A-Za-z0-9+/=]/g, ''),
  );
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

type Encoding = 'utf8' | 'utf-8' | 'base64' | 'base64url' | 'hex' | 'latin1' | 'binary' | 'ascii';

/** Told of every ArrayBuffer a Buffer is made over: the runtime's memory model counts the large ones. */
let allocationObserver: ((buffer: ArrayBufferLike) => void) | null = null;

export function observeBufferAllocations(observer: ((buffer: ArrayBufferLike) => void) | null): void {
  allocationObserver = observer;
}

export class Buffer extends Uint8Array {
  constructor(...args: unknown[]) {
    super(...(args as [ArrayBuffer, number?, number?]));
    allocationObserver?.(this.buffer);
  }
  static from(value: unknown, encodingOrOffset?: unknown, length?: number): Buffer {
    if (typeof value === 'string')
      return Buffer.fromBytes(encodeString(value, (encodingOrOffset as Encoding) ?? 'utf8'));
    if (value instanceof ArrayBuffer)
      return new Buffer(
        value,
        (encodingOrOffset as number) ?? 0,
        length ?? value.byteLength - ((encodingOrOffset as number) ?? 0),
      );
    if (ArrayBuffer.isView(value))
      return Buffer.fromBytes(new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice());
    if (Array.isArray(value)) return Buffer.fromBytes(Uint8Array.from(value as number[]));
    if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer')
      return Buffer.fromBytes(Uint8Array.from((value as { data: number[] }).data));
    throw new TypeError(
      'The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.',
    );
  }
  static fromBytes(bytes: Uint8Array): Buffer {
    return new Buffer(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  }
  static alloc(size: number, fill?: number | string): Buffer {
    const b = new Buffer(size);
    if (typeof fill === 'number') b.fill(fill);
    else if (typeof fill === 'string' && fill.length) {
      const f = enc.encode(fill);
      for (let i = 0; i < size; i++) b[i] = f[i % f.length]!;
    }
    return b;
  }
  static allocUnsafe(size: number): Buffer {
    return new Buffer(size);
  }
  static isBuffer(v: unknown): v is Buffer {
    return v instanceof Buffer;
  }
  static byteLength(v: string | ArrayBufferView | ArrayBuffer, encoding: Encoding = 'utf8'): number {
    if (typeof v === 'string') return encodeString(v, encoding).byteLength;
    return v.byteLength;
  }
  static concat(list: Uint8Array[], total?: number): Buffer {
    const len = total ?? list.reduce((n, b) => n + b.byteLength, 0);
    const out = Buffer.alloc(len);
    let off = 0;
    for (const b of list) {
      if (off >= len) break;
      out.set(b.subarray(0, len - off), off);
      off += b.byteLength;
    }
    return out;
  }
  static isEncoding(e: string): boolean {
    return ['utf8', 'utf-8', 'base64', 'base64url', 'hex', 'latin1', 'binary', 'ascii'].includes(
      e.toLowerCase(),
    );
  }
  override toString(encoding: Encoding = 'utf8', start = 0, end = this.length): string {
    const bytes = this.subarray(start, end);
    switch (encoding) {
      case 'base64':
        return toBase64(bytes);
      case 'base64url':
        return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      case 'hex':
        return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      case 'latin1':
      case 'binary':
      case 'ascii':
        return Array.from(bytes, (b) => String.fromCharCode(encoding === 'ascii' ? b & 0x7f : b)).join('');
      default:
        return dec.decode(bytes);
    }
  }
  toJSON(): { type: 'Buffer'; data: number[] } {
    return { type: 'Buffer', data: Array.from(this) };
  }
  equals(other: Uint8Array): boolean {
    return this.length === other.length && this.every((b, i) => b === other[i]);
  }
  write(s: string, offset = 0): number {
    const bytes = enc.encode(s).subarray(0, this.length - offset);
    this.set(bytes, offset);
    return bytes.length;
  }
  override slice(start?: number, end?: number): Buffer {
    // Node's Buffer#slice shares memory, like subarray.
    return this.subarray(start, end);
  }
  override subarray(start?: number, end?: number): Buffer {
    const u = Uint8Array.prototype.subarray.call(this, start, end);
    return new Buffer(u.buffer as ArrayBuffer, u.byteOffset, u.byteLength);
  }
}

function encodeString(s: string, encoding: Encoding): Uint8Array {
  switch (encoding) {
    case 'base64':
    case 'base64url':
      return fromBase64(s);
    case 'hex': {
      const out = new Uint8Array(Math.floor(s.length / 2));
      for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
      return out;
    }
    case 'latin1':
    case 'binary':
    case 'ascii':
      return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
    default:
      return enc.encode(s);
  }
}

/* ---------- path (posix) ---------- */
function normalizeParts(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  if (abs) return '/' + joined;
  return joined || '.';
}

export function createPath(cwd: () => string) {
  const path = {
    sep: '/',
    delimiter: ':',
    normalize(p: string) {
      const n = normalizeParts(p);
      return p.endsWith('/') && n !== '/' ? n + '/' : n;
    },
    join(...parts: string[]) {
      const j = parts.filter((x) => x !== '').join('/');
      return j ? path.normalize(j) : '.';
    },
    resolve(...parts: string[]) {
      let r = '';
      for (let i = parts.length - 1; i >= 0 && !r.startsWith('/'); i--) r = parts[i] + (r ? '/' + r : '');
      if (!r.startsWith('/')) r = cwd() + (r ? '/' + r : '');
      const n = normalizeParts(r);
      return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
    },
    isAbsolute: (p: string) => p.startsWith('/'),
    dirname(p: string) {
      const s = p.replace(/\/+$/, '');
      const i = s.lastIndexOf('/');
      if (i < 0) return '.';
      return i === 0 ? '/' : s.slice(0, i);
    },
    basename(p: string, ext?: string) {
      const b = p.replace(/\/+$/, '').split('/').pop() ?? '';
      return ext && b.endsWith(ext) && b !== ext ? b.slice(0, -ext.length) : b;
    },
    extname(p: string) {
      const b = path.basename(p);
      const i = b.lastIndexOf('.');
      return i <= 0 ? '' : b.slice(i);
    },
    relative(from: string, to: string) {
      const a = path.resolve(from).split('/').filter(Boolean);
      const b = path.resolve(to).split('/').filter(Boolean);
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
    },
    parse(p: string) {
      const base = path.basename(p);
      const ext = path.extname(p);
      return {
        root: p.startsWith('/') ? '/' : '',
        dir: path.dirname(p),
        base,
        ext,
        name: ext ? base.slice(0, -ext.length) : base,
      };
    },
    format(o: { dir?: string; root?: string; base?: string; name?: string; ext?: string }) {
      const base = o.base ?? (o.name ?? '') + (o.ext ?? '');
      const dir = o.dir ?? o.root ?? '';
      return dir ? (dir.endsWith('/') ? dir + base : dir + '/' + base) : base;
    },
  };
  return { ...path, posix: path, default: path };
}

/* ---------- util ---------- */
export function inspect(value: unknown, opts: { depth?: number } = {}): string {
  const seen = new Set<unknown>();
  const maxDepth = opts.depth ?? 2;
  const fmt = (v: unknown, depth: number, top: boolean): string => {
    if (typeof v === 'string') return top ? `'${v}'` : `'${v.replace(/'/g, "\\'")}'`;
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'symbol') return v.toString();
    if (typeof v === 'function') return `[Function: ${v.name || '(anonymous)'}]`;
    if (v === null || typeof v !== 'object') return String(v);
    if (seen.has(v)) return '[Circular *1]';
    if (v instanceof Error) return v.stack ?? `${v.name}: ${v.message}`;
    if (v instanceof Date) return isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (v instanceof Buffer)
      return `<Buffer ${Array.from(v.subarray(0, 50), (b) => b.toString(16).padStart(2, '0')).join(' ')}${v.length > 50 ? ` ... ${v.length - 50} more bytes` : ''}>`;
    if (depth > maxDepth) return Array.isArray(v) ? '[Array]' : '[Object]';
    seen.add(v);
    try {
      if (Array.isArray(v)) {
        const items = v.slice(0, 100).map((x) => fmt(x, depth + 1, false));
        if (v.length > 100) items.push(`... ${v.length - 100} more items`);
        return items.length ? `[ ${items.join(', ')} ]` : '[]';
      }
      if (v instanceof Map)
        return `Map(${v.size}) {${v.size ? ' ' + [...v].map(([k, x]) => `${fmt(k, depth + 1, false)} => ${fmt(x, depth + 1, false)}`).join(', ') + ' ' : ''}}`;
      if (v instanceof Set)
        return `Set(${v.size}) {${v.size ? ' ' + [...v].map((x) => fmt(x, depth + 1, false)).join(', ') + ' ' : ''}}`;
      if (typeof (v as { then?: unknown }).then === 'function') return 'Promise { <pending> }';
      const entries = Object.entries(v).map(
        ([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${fmt(x, depth + 1, false)}`,
      );
      const ctor = (v as object).constructor;
      const prefix = ctor && ctor !== Object && ctor.name ? `${ctor.name} ` : '';
      if (!entries.length) return `${prefix}{}`;
      const oneLine = `${prefix}{ ${entries.join(', ')} }`;
      if (oneLine.length <= 72) return oneLine;
      const pad = '  '.repeat(depth + 1);
      return `${prefix}{\n${entries.map((e) => pad + e).join(',\n')}\n${'  '.repeat(depth)}}`;
    } finally {
      seen.delete(v);
    }
  };
  return fmt(value, 0, false);
}

/** Node's util.format: %s %d %i %f %j %o %O %%, then the rest joined with spaces. */
export function format(...args: unknown[]): string {
  const first = args[0];
  let rest = args.slice(1);
  let out: string;
  if (typeof first === 'string') {
    let i = 0;
    out = first.replace(/%([sdifjoO%])/g, (m, c: string) => {
      if (c === '%') return '%';
      if (i >= rest.length) return m;
      const a = rest[i++];
      switch (c) {
        case 's':
          return typeof a === 'string'
            ? a
            : typeof a === 'bigint'
              ? `${a}n`
              : typeof a === 'object' && a !== null
                ? inspect(a, { depth: 1 })
                : String(a);
        case 'd':
        case 'i': {
          if (typeof a === 'bigint') return `${a}n`;
          const n = Number(a);
          return String(c === 'i' ? Math.trunc(n) : n);
        }
        case 'f':
          return String(parseFloat(String(a)));
        case 'j':
          try {
            return JSON.stringify(a);
          } catch {
            return '[Circular]';
          }
        default:
          return inspect(a, { depth: 4 });
      }
    });
    rest = rest.slice(i);
  } else {
    out = args.length ? inspect(first) : '';
    if (!args.length) rest = [];
  }
  for (const a of rest) out += ' ' + (typeof a === 'string' ? a : inspect(a));
  return out;
}

export function createUtil() {
  const promisify =
    (fn: (...a: unknown[]) => unknown) =>
    (...args: unknown[]) =>
      new Promise((resolve, reject) =>
        fn(...args, (err: unknown, value: unknown) => (err ? reject(err) : resolve(value))),
      );
  const util = {
    format,
    inspect,
    promisify,
    callbackify:
      (fn: (...a: unknown[]) => Promise<unknown>) =>
      (...args: unknown[]) => {
        const cb = args.pop() as (e: unknown, v?: unknown) => void;
        fn(...args).then(
          (v) => cb(null, v),
          (e) => cb(e),
        );
      },
    isDeepStrictEqual: (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b),
    types: {
      isPromise: (v: unknown) => v instanceof Promise,
      isDate: (v: unknown) => v instanceof Date,
      isRegExp: (v: unknown) => v instanceof RegExp,
    },
    TextEncoder,
    TextDecoder,
  };
  return { ...util, default: util };
}

/* ---------- events ---------- */
type Listener = (...args: unknown[]) => void;
export class EventEmitter {
  static defaultMaxListeners = 10;
  private _events = new Map<string | symbol, Array<{ fn: Listener; once: boolean }>>();
  on(name: string | symbol, fn: Listener): this {
    const list = this._events.get(name) ?? [];
    list.push({ fn, once: false });
    this._events.set(name, list);
    return this;
  }
  addListener(name: string | symbol, fn: Listener): this {
    return this.on(name, fn);
  }
  once(name: string | symbol, fn: Listener): this {
    const list = this._events.get(name) ?? [];
    list.push({ fn, once: true });
    this._events.set(name, list);
    return this;
  }
  off(name: string | symbol, fn: Listener): this {
    const list = this._events.get(name);
    if (list) {
      const i = list.findIndex((l) => l.fn === fn);
      if (i >= 0) list.splice(i, 1);
    }
    return this;
  }
  removeListener(name: string | symbol, fn: Listener): this {
    return this.off(name, fn);
  }
  removeAllListeners(name?: string | symbol): this {
    if (name === undefined) this._events.clear();
    else this._events.delete(name);
    return this;
  }
  emit(name: string | symbol, ...args: unknown[]): boolean {
    const list = this._events.get(name);
    if (!list || list.length === 0) {
      if (name === 'error')
        throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error. (${String(args[0])})`);
      return false;
    }
    for (const l of [...list]) {
      if (l.once) this.off(name, l.fn);
      l.fn.apply(this, args);
    }
    return true;
  }
  listenerCount(name: string | symbol): number {
    return this._events.get(name)?.length ?? 0;
  }
  listeners(name: string | symbol): Listener[] {
    return (this._events.get(name) ?? []).map((l) => l.fn);
  }
  eventNames(): Array<string | symbol> {
    return [...this._events.keys()].filter((k) => (this._events.get(k)?.length ?? 0) > 0);
  }
  setMaxListeners(): this {
    return this;
  }
}
export function createEvents() {
  const once = (emitter: EventEmitter, name: string) =>
    new Promise((resolve) => emitter.once(name, (...args) => resolve(args)));
  return Object.assign(EventEmitter, { EventEmitter, once, default: EventEmitter });
}

/* ---------- crypto ---------- */
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Sixteen bytes at `at` as a version 4 UUID (RFC 9562, section 5.4: version and variant bits set here). */
function formatUuid(bytes: Uint8Array, at: number): string {
  const hex = (index: number) => HEX_BYTES[bytes[at + index]!]!;
  const version = HEX_BYTES[(bytes[at + 6]! & 0x0f) | 0x40]!;
  const variant = HEX_BYTES[(bytes[at + 8]! & 0x3f) | 0x80]!;
  return (
    hex(0) +
    hex(1) +
    hex(2) +
    hex(3) +
    '-' +
    hex(4) +
    hex(5) +
    '-' +
    version +
    hex(7) +
    '-' +
    variant +
    hex(9) +
    '-' +
    hex(10) +
    hex(11) +
    hex(12) +
    hex(13) +
    hex(14) +
    hex(15)
  );
}

/**
 * A version 4 UUID from getRandomValues. Web Crypto's own randomUUID exists only in a secure context, and the
 * sandbox's opaque-origin frame and its workers may not be one; Node's always exists.
 */
export function randomUuidFrom(webCrypto: Pick<Crypto, 'getRandomValues'>): string {
  return formatUuid(webCrypto.getRandomValues(new Uint8Array(16)), 0);
}

/** How many UUIDs one draw of random bytes serves: Node's randomUUID caches the same (crypto docs, `disableEntropyCache`). */
export const UUID_ENTROPY_CACHE = 128;

/**
 * randomUUID as Node has it: random data for 128 UUIDs drawn at once and used up in turn. The SDK makes one per
 * request (`amz-sdk-invocation-id`), and a getRandomValues call per UUID was a tenth of a PutItem's time in the worker.
 */
export function createRandomUuid(webCrypto: Pick<Crypto, 'getRandomValues'>): () => string {
  const pool = new Uint8Array(16 * UUID_ENTROPY_CACHE);
  let at = pool.length;
  return () => {
    if (at >= pool.length) {
      webCrypto.getRandomValues(pool);
      at = 0;
    }
    const id = formatUuid(pool, at);
    at += 16;
    return id;
  };
}

export function createCrypto(webCrypto: Crypto) {
  const cachedUuid = typeof webCrypto.randomUUID === 'function' ? null : createRandomUuid(webCrypto);
  const c = {
    randomUUID: () => (cachedUuid ? cachedUuid() : webCrypto.randomUUID()),
    randomBytes: (n: number) => Buffer.fromBytes(webCrypto.getRandomValues(new Uint8Array(n))),
    randomInt: (min: number, max?: number) => {
      const [lo, hi] = max === undefined ? [0, min] : [min, max];
      return lo + Math.floor((webCrypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32) * (hi - lo));
    },
    getRandomValues: <T extends ArrayBufferView>(a: T) => webCrypto.getRandomValues(a as never) as T,
    webcrypto: webCrypto,
    subtle: webCrypto.subtle,
    // Synchronous, as in Node (hashes.ts); Web Crypto's digest is async and needs a secure context.
    createHash,
    createHmac,
    hash,
    getHashes,
    // AES-GCM/CBC/CTR over @noble/ciphers (ciphers.ts): the worker has no OpenSSL.
    createCipheriv,
    createDecipheriv,
    getCiphers,
  };
  return { ...c, default: c };
}
