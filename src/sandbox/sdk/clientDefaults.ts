/**
 * Default client configuration as on Lambda, for the SDK bundle: the build wraps every client's browser
 * runtime config with `withColdstartDefaults`, so `new DynamoDBClient({})` works unchanged — region from
 * AWS_REGION, credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN (the runtime sets
 * them, as Lambda does for the execution role), requests over the environment's port. Anything the learner
 * passes wins, as it does with the real defaults.
 *
 * Requests are not signed: the simulated account checks no signatures, and SigV4 costs about a third of the
 * SDK's time per call (measured). The credentials are still resolved, so a client without them fails as it
 * would in AWS.
 */
import type { HttpRequest } from '@smithy/types';
import { sdkHost } from './bundleHost';
import { PortHttpHandler } from './portHandler';

interface ClientConfig {
  region?: unknown;
  credentials?: unknown;
  requestHandler?: unknown;
  httpAuthSchemes?: unknown;
  [key: string]: unknown;
}

class UnsignedSigner {
  async sign(request: HttpRequest): Promise<HttpRequest> {
    return request;
  }
}

const SIGNER = new UnsignedSigner();

/** The auth schemes the clients use (SigV4; S3 also SigV4a), with the same identities and no signature. */
const UNSIGNED_SCHEMES = ['aws.auth#sigv4', 'aws.auth#sigv4a'].map((schemeId) => ({
  schemeId,
  identityProvider: (config: { getIdentityProvider(id: string): unknown }) =>
    config.getIdentityProvider(schemeId),
  signer: SIGNER,
}));

/** The credentials of the execution role, as the SDK's environment provider reads them. */
function environmentCredentials(env: Record<string, string | undefined>) {
  return async () => {
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey)
      throw Object.assign(new Error('Unable to find environment variable credentials.'), {
        name: 'CredentialsProviderError',
      });
    return {
      accessKeyId,
      secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  };
}

export function withColdstartDefaults<T extends ClientConfig | undefined>(config: T): T & ClientConfig {
  const host = sdkHost();
  // One handler per client, as each SDK client has its own connection pool: a client created during init keeps
  // its connection between invocations, one created per request opens a new one (portHandler.ts).
  const given: ClientConfig = config ?? {};
  const region = given.region ?? host.env.AWS_REGION;
  return {
    ...given,
    ...(region !== undefined ? { region } : {}),
    credentials: given.credentials ?? environmentCredentials(host.env),
    requestHandler: given.requestHandler ?? new PortHttpHandler((request) => host.send(request)),
    httpAuthSchemes: given.httpAuthSchemes ?? UNSIGNED_SCHEMES,
  } as T & ClientConfig;
}

type UserAgentProvider = (config?: unknown) => Promise<readonly (readonly string[])[]>;

/**
 * After the SDK's own browser runtime config: its user agent provider (the same sections every time for one client)
 * parses navigator's user agent with a row of regular expressions on every request; here it runs once per client,
 * and each request gets its own copy of the sections. A provider the learner passes is left alone.
 */
export function withColdstartRuntime<T extends { defaultUserAgentProvider?: unknown }>(
  runtimeConfig: T,
  given: ClientConfig | undefined,
): T {
  const provider = runtimeConfig.defaultUserAgentProvider;
  if (given?.defaultUserAgentProvider !== undefined || typeof provider !== 'function') return runtimeConfig;
  let sections: Promise<readonly (readonly string[])[]> | null = null;
  const once: UserAgentProvider = async (config) => {
    sections ??= (provider as UserAgentProvider)(config).catch((error: unknown) => {
      sections = null;
      throw error;
    });
    return (await sections).map((section) => [...section]);
  };
  return { ...runtimeConfig, defaultUserAgentProvider: once };
}
