/**
 * The simulated AWS account: one state shared by every execution environment (as in AWS), owned by the course
 * page and never by learner code. Requests arrive as HTTP (see http.ts) from the real SDKs, by way of the
 * environment's port and the host's validation; the account routes each to its service by endpoint.
 */
import type { Clock } from '../clock';
import { createRequestIdGenerator, DEFAULT_EPOCH_MS } from '../logs';
import { jsonResponse, type AwsCaller, type AwsHttpRequest, type AwsHttpResponse } from './http';
import type { AccountChange, AccountContext, AwsService, LambdaInvoker } from './service';

export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-east-1';

export interface AccountOptions {
  clock: Clock;
  epochMs?: number;
  seed?: number;
  lambda?: LambdaInvoker;
}

export type ServiceFactory = (ctx: AccountContext) => AwsService;

const NO_LAMBDA: LambdaInvoker = {
  invokeAsync: () => {},
  exists: () => false,
};

export interface AccountSnapshot {
  format: 'coldstart-aws-account';
  version: 1;
  region: string;
  accountId: string;
  services: Record<string, unknown>;
}

export class AwsAccount {
  readonly region = REGION;
  readonly accountId = ACCOUNT_ID;
  readonly clock: Clock;
  readonly epochMs: number;
  private readonly services = new Map<string, AwsService>();
  private readonly listeners = new Set<(c: AccountChange) => void>();
  private lambdaInvoker: LambdaInvoker;
  private readonly ids: (n: number) => string;
  private idSeq = 0;
  readonly context: AccountContext;

  constructor(options: AccountOptions, factories: ServiceFactory[] = []) {
    this.clock = options.clock;
    this.epochMs = options.epochMs ?? DEFAULT_EPOCH_MS;
    this.lambdaInvoker = options.lambda ?? NO_LAMBDA;
    this.ids = createRequestIdGenerator((options.seed ?? 7) ^ 0x5eed);
    this.context = {
      clock: this.clock,
      region: this.region,
      accountId: this.accountId,
      epochMs: this.epochMs,
      uuid: () => this.ids(++this.idSeq),
      changed: (c) => {
        for (const l of this.listeners) l(c);
      },
      service: <T extends AwsService>(name: string) => this.services.get(name) as T | undefined,
      lambda: {
        invokeAsync: (fn, payload, source) => this.lambdaInvoker.invokeAsync(fn, payload, source),
        exists: (fn) => this.lambdaInvoker.exists(fn),
      },
    };
    for (const f of factories) this.register(f(this.context));
  }

  register(service: AwsService): void {
    this.services.set(service.name, service);
  }

  /** Lambda is created after the account in most wiring (the service needs the account for its SDK calls). */
  connectLambda(invoker: LambdaInvoker): void {
    this.lambdaInvoker = invoker;
  }

  service<T extends AwsService>(name: string): T | undefined {
    return this.services.get(name) as T | undefined;
  }

  subscribe(listener: (c: AccountChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The service an endpoint belongs to: `dynamodb.us-east-1.amazonaws.com` → dynamodb; S3 also virtual-hosted. */
  static serviceOf(hostname: string): string | null {
    const host = hostname.toLowerCase();
    if (!host.endsWith('.amazonaws.com')) return null;
    const labels = host.slice(0, -'.amazonaws.com'.length).split('.');
    // Account-based endpoints: the SDK sends DynamoDB calls to `<account id>.ddb.<region>.amazonaws.com`.
    if (/^\d{12}$/.test(labels[0] ?? '') && labels[1] === 'ddb') return 'dynamodb';
    const s3 = labels.lastIndexOf('s3');
    if (s3 >= 0 && s3 >= labels.length - 2) return 's3';
    return labels[0] ?? null;
  }

  async handle(req: AwsHttpRequest, caller: AwsCaller): Promise<AwsHttpResponse> {
    const name = AwsAccount.serviceOf(req.hostname);
    const service = name ? this.services.get(name) : undefined;
    if (!service) {
      return jsonResponse(
        404,
        {
          __type: 'UnknownEndpoint',
          message: `Coldstart's simulated account has no service at ${req.hostname}. Available: ${[...this.services.keys()].join(', ')}.`,
        },
        'application/x-amz-json-1.0',
      );
    }
    return service.handle(req, caller);
  }

  snapshot(): AccountSnapshot {
    const services: Record<string, unknown> = {};
    for (const [name, s] of this.services) services[name] = s.snapshot();
    return {
      format: 'coldstart-aws-account',
      version: 1,
      region: this.region,
      accountId: this.accountId,
      services,
    };
  }

  /** All or nothing: a snapshot that any service rejects leaves every service as it was. */
  restore(data: unknown): void {
    if (typeof data !== 'object' || data === null)
      throw new Error('Not an account export (expected a JSON object).');
    const snap = data as Partial<AccountSnapshot>;
    if (snap.format !== 'coldstart-aws-account')
      throw new Error('Not a Coldstart account export (format field).');
    if (snap.version !== 1) throw new Error(`Unsupported account export version ${String(snap.version)}.`);
    if (typeof snap.services !== 'object' || snap.services === null)
      throw new Error('Account export has no services.');
    const before = this.snapshot();
    try {
      for (const [name, s] of this.services) {
        const part = (snap.services as Record<string, unknown>)[name];
        if (part === undefined) s.reset();
        else s.restore(part);
      }
    } catch (e) {
      for (const [name, s] of this.services) s.restore(before.services[name]);
      throw e;
    }
    this.context.changed({ service: '*', resource: '*' });
  }

  reset(): void {
    for (const s of this.services.values()) s.reset();
    this.context.changed({ service: '*', resource: '*' });
  }
}
