/**
 * `node:console`'s Console class for Powertools: Logger and Metrics print through `new Console({ stdout,
 * stderr })` so their JSON lines reach the log raw, without the runtime's `timestamp\trequestId\tLEVEL` prefix,
 * as on Lambda. Here the streams are the runtime's process.stdout/stderr.
 */
interface Writable {
  write(text: string): unknown;
}

function formatArguments(values: unknown[]): string {
  return values
    .map((value) => {
      if (typeof value === 'string') return value;
      if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
      try {
        return JSON.stringify(value) ?? String(value);
      } catch {
        return String(value);
      }
    })
    .join(' ');
}

export class Console {
  private readonly stdout: Writable;
  private readonly stderr: Writable;

  constructor(options: { stdout: Writable; stderr?: Writable }) {
    this.stdout = options.stdout;
    this.stderr = options.stderr ?? options.stdout;
  }

  log(...values: unknown[]): void {
    this.stdout.write(`${formatArguments(values)}\n`);
  }
  info(...values: unknown[]): void {
    this.log(...values);
  }
  debug(...values: unknown[]): void {
    this.log(...values);
  }
  warn(...values: unknown[]): void {
    this.stderr.write(`${formatArguments(values)}\n`);
  }
  error(...values: unknown[]): void {
    this.warn(...values);
  }
  trace(...values: unknown[]): void {
    this.log(...values);
  }
}

export default { Console };
