import { isIP } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALLOWED_PROVIDERS_SETTING, AUTH_MODES, DEFAULT_ALLOWED_PROVIDERS, parseAllowedProviders, type AuthMode, type ProviderName, type ProviderSlot } from '@parley/protocol';
import { z } from 'zod';

/** apps/web/dist, resolved from this file (src/ or dist/ are both one level below the package root). */
const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
/** The repository's .parley state folder, where `npm start` keeps everything it generates. */
const DEFAULT_STATE_DIR = fileURLToPath(new URL('../../../.parley', import.meta.url));

export type { AuthMode };
const COOKIE_SECURE = ['auto', 'always', 'never'] as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Treat unset and empty variables the same, so `FOO=` falls back to the default. */
function optional(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function required(name: string) {
  return z.string({ error: `${name} is required` }).min(1, `${name} is required`);
}

/** One URL, or a comma-separated list: the nodes of a LiveKit cluster (multi-node mode with Redis). */
function liveKitUrl(name: string) {
  return required(name).transform((value, ctx) => {
    const urls = list(value);
    for (const url of urls) {
      if (!URL.canParse(url)) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a URL such as ws://127.0.0.1:7880 (or a comma-separated list of them)` });
        return z.NEVER;
      }
      if (!['ws:', 'wss:', 'http:', 'https:'].includes(new URL(url).protocol)) {
        ctx.addIssue({ code: 'custom', message: `${name} must use ws://, wss://, http:// or https://` });
        return z.NEVER;
      }
    }
    if (urls.length === 0) {
      ctx.addIssue({ code: 'custom', message: `${name} is required` });
      return z.NEVER;
    }
    return urls;
  });
}

function integer(name: string, min: number, max: number, fallback: number) {
  return z
    .string()
    .default(String(fallback))
    .transform((value, ctx) => {
      const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
      if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be an integer between ${min} and ${max}` });
        return z.NEVER;
      }
      return parsed;
    });
}

/**
 * What sessions may ask for: the names and the default lists are @parley/protocol's, which the
 * agent reads too, so a name the API accepts is one the agent serves (unset: the local providers).
 */
function allowedProviders<S extends ProviderSlot>(slot: S) {
  return z
    .string()
    .optional()
    .transform((value, ctx): ProviderName<S>[] => {
      const parsed = parseAllowedProviders(slot, value);
      for (const problem of parsed.problems) ctx.addIssue({ code: 'custom', message: `${ALLOWED_PROVIDERS_SETTING[slot]}: ${problem}` });
      return parsed.names;
    });
}

const envSchema = z.object({
  LIVEKIT_URL: liveKitUrl('LIVEKIT_URL').meta({ description: 'LiveKit server the API talks to, or a comma-separated list of a cluster\'s nodes (set by the launcher)' }),
  LIVEKIT_PUBLIC_URL: liveKitUrl('LIVEKIT_PUBLIC_URL').optional().meta({ description: 'LiveKit URL handed to browsers', shownDefault: 'LIVEKIT_URL' }),
  LIVEKIT_API_KEY: required('LIVEKIT_API_KEY').meta({ description: 'LiveKit API key (generated into .parley/env on first run)' }),
  LIVEKIT_API_SECRET: required('LIVEKIT_API_SECRET').meta({ description: 'LiveKit API secret (generated into .parley/env on first run)' }),
  PARLEY_API_HOST: z.string().default('127.0.0.1').meta({ description: 'address the API listens on (the launcher sets PARLEY_BIND_HOST)' }),
  PARLEY_API_PORT: integer('PARLEY_API_PORT', 0, 65535, 8080).meta({ description: 'API server and web page' }),
  PARLEY_AGENT_HEALTH_URLS: z
    .string()
    .default('http://127.0.0.1:8081')
    .transform((value, ctx) => {
      const urls = value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '');
      for (const url of urls) {
        if (!URL.canParse(url) || !['http:', 'https:'].includes(new URL(url).protocol)) {
          ctx.addIssue({ code: 'custom', message: `PARLEY_AGENT_HEALTH_URLS entry "${url}" must be an http(s) URL` });
          return z.NEVER;
        }
      }
      return urls;
    }).meta({ description: 'comma-separated health URLs of the agent workers, for the API\'s health' }),
  PARLEY_TOKEN_TTL_SECONDS: integer('PARLEY_TOKEN_TTL_SECONDS', 30, 86_400, 600).meta({ description: 'lifetime of a participant token' }),
  PARLEY_WEB_DIST: z.string().default(DEFAULT_WEB_DIST).meta({ description: 'the built web page the API serves', shownDefault: '`apps/web/dist`' }),
  PARLEY_LOG_LEVEL: z.enum(LOG_LEVELS, { error: `PARLEY_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).default('info').meta({ description: 'API log level' }),
  PARLEY_AUTH_MODE: z.enum(AUTH_MODES, { error: `PARLEY_AUTH_MODE must be one of ${AUTH_MODES.join(', ')}` }).default('open').meta({ description: 'who may use the API: open, api-key or accounts' }),
  PARLEY_SIGN_IN_TTL_SECONDS: integer('PARLEY_SIGN_IN_TTL_SECONDS', 60, 31_536_000, 43_200).meta({ description: 'how long a sign-in lasts in accounts mode' }),
  PARLEY_COOKIE_SECURE: z.enum(COOKIE_SECURE, { error: `PARLEY_COOKIE_SECURE must be one of ${COOKIE_SECURE.join(', ')}` }).default('auto').meta({ description: 'Secure flag of the sign-in cookie: auto, always, never' }),
  PARLEY_STATE_DIR: z.string().default(DEFAULT_STATE_DIR).meta({ description: 'the state folder: tools, Python environment, models, caches, the SQLite database', shownDefault: '`.parley`' }),
  PARLEY_DATABASE_URL: z
    .string()
    .refine(
      (value) => /^postgres(ql)?:\/\/./.test(value) || /^sqlite:./.test(value),
      'PARLEY_DATABASE_URL must be postgres://user:pass@host/db or sqlite:/path/to/file.db',
    )
    .optional().meta({ description: 'where sessions, transcripts and metrics are kept: postgres://… or sqlite:/path', shownDefault: 'SQLite in `.parley/parley.db`' }),
  PARLEY_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const origins = list(value);
      for (const origin of origins) {
        if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
          ctx.addIssue({ code: 'custom', message: `PARLEY_CORS_ORIGINS entry "${origin}" must be an origin such as https://app.example.com` });
          return z.NEVER;
        }
      }
      return origins;
    }).meta({ description: 'comma-separated origins allowed to call the API from a browser' }),
  PARLEY_TRUST_PROXY: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const entries = list(value);
      for (const entry of entries) {
        if (!/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(entry)) {
          ctx.addIssue({ code: 'custom', message: `PARLEY_TRUST_PROXY entry "${entry}" must be an IP address or CIDR range such as 127.0.0.1 or 10.0.0.0/8` });
          return z.NEVER;
        }
      }
      return entries;
    }).meta({ description: 'comma-separated addresses or CIDR ranges of trusted reverse proxies' }),
  PARLEY_API_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      // IP addresses are always served (they cannot be rebound), so listing one is harmless and skipped.
      const hosts = list(value)
        .map((host) => host.toLowerCase())
        .filter((host) => isIP(host.replace(/^\[|\]$/g, '')) === 0);
      for (const host of hosts) {
        if (!HOST_NAME.test(host)) {
          ctx.addIssue({ code: 'custom', message: `PARLEY_API_ALLOWED_HOSTS entry "${host}" must be a bare host name such as parley.example.com (no scheme, port or path)` });
          return z.NEVER;
        }
      }
      return hosts;
    }).meta({ description: 'comma-separated host names the API answers to besides loopback names and addresses' }),
  PARLEY_RECONCILE_INTERVAL_SECONDS: integer('PARLEY_RECONCILE_INTERVAL_SECONDS', 5, 86_400, 60).meta({ description: 'how often the API ends sessions whose room or agent is gone' }),
  PARLEY_MAX_SESSIONS_PER_TENANT: integer('PARLEY_MAX_SESSIONS_PER_TENANT', 0, 1_000_000, 0).meta({ description: 'active sessions one tenant may hold; 0: no limit' }),
  PARLEY_DISPATCH_QUEUE_MAX: integer('PARLEY_DISPATCH_QUEUE_MAX', 0, 100_000, 50).meta({ description: 'people who may wait for an agent at once' }),
  PARLEY_DISPATCH_QUEUE_MAX_WAIT_SECONDS: integer('PARLEY_DISPATCH_QUEUE_MAX_WAIT_SECONDS', 10, 86_400, 300).meta({ description: 'a session waiting longer than this ends (queue-timeout)' }),
  PARLEY_DISPATCH_CONFIRM_SECONDS: integer('PARLEY_DISPATCH_CONFIRM_SECONDS', 2, 120, 10).meta({ description: 'a dispatch that shows no agent after this long is retried' }),
  PARLEY_DISPATCH_RETRY_SECONDS: integer('PARLEY_DISPATCH_RETRY_SECONDS', 1, 600, 5).meta({ description: 'how often the head of the queue is tried again' }),
  PARLEY_DISPATCH_SPACING_MS: integer('PARLEY_DISPATCH_SPACING_MS', 0, 60_000, 1_000).meta({ description: 'shortest time between two dispatches' }),
  PARLEY_RATE_LIMIT_PER_MINUTE: integer('PARLEY_RATE_LIMIT_PER_MINUTE', 1, 1_000_000, 300).meta({ description: 'requests per minute per API key or address before 429' }),
  PARLEY_ALLOWED_LLM: allowedProviders('llm').meta({ description: 'LLM providers a session may ask for (read as the agent reads it)', shownDefault: `\`${DEFAULT_ALLOWED_PROVIDERS.llm.join(',')}\`` }),
  PARLEY_ALLOWED_STT: allowedProviders('stt').meta({ description: 'STT providers a session may ask for (read as the agent reads it)', shownDefault: `\`${DEFAULT_ALLOWED_PROVIDERS.stt.join(',')}\`` }),
  PARLEY_ALLOWED_TTS: allowedProviders('tts').meta({ description: 'TTS providers a session may ask for (read as the agent reads it)', shownDefault: `\`${DEFAULT_ALLOWED_PROVIDERS.tts.join(',')}\`` }),
});

/** The API's variables, each with its default and a one-line doc (tests/architecture/settings.test.ts). */
export const API_SETTINGS = envSchema;

/** A DNS name or an IPv4 address: letters, digits, dots and hyphens. */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

function list(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** The bind host when it is a name (addresses are always allowed as Host), for the allowed hosts. */
function boundName(host: string): string[] {
  const lower = host.toLowerCase();
  return isIP(lower) === 0 && HOST_NAME.test(lower) ? [lower] : [];
}

/** Open mode trusts every caller, so it may only listen where nobody else can connect. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

export interface Config {
  livekit: {
    /** URL this API uses to reach LiveKit's API (ws:// is fine, the SDK maps it to http://). */
    url: string;
    /** URL handed to browsers in TokenResponse.serverUrl (the first node's, in a cluster). */
    publicUrl: string;
    /**
     * Every LiveKit node of a cluster (one entry on a single server): the URL this API uses and
     * the one browsers get. Server API calls go to the first node that answers; each room's
     * participants are sent to one live node (see livekit/nodes.ts).
     */
    nodes: { url: string; publicUrl: string }[];
    apiKey: string;
    apiSecret: string;
  };
  host: string;
  port: number;
  agentHealthUrls: string[];
  tokenTtlSeconds: number;
  webDist: string;
  logLevel: LogLevel;
  authMode: AuthMode;
  /** Cookie sessions of people who sign in (accounts mode). */
  signIn: {
    ttlSeconds: number;
    /** auto: Secure when the request came over https (directly or per X-Forwarded-Proto). */
    cookieSecure: (typeof COOKIE_SECURE)[number];
  };
  store: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  corsOrigins: string[];
  /** Reverse proxies whose X-Forwarded-For/-Proto are believed (client address for rate limits, https). */
  trustProxy: string[];
  /**
   * Host names (besides loopback names and IP addresses) the API answers to; a request for any
   * other name (DNS rebinding) gets 421. Includes PARLEY_API_HOST when that is a name.
   */
  allowedHosts: string[];
  /** How often active sessions are checked against LiveKit's rooms (and once at start). */
  reconcileIntervalSeconds: number;
  rateLimitPerMinute: number;
  /** Active sessions (queued ones included) one tenant may hold; null: no limit. */
  maxSessionsPerTenant: number | null;
  /** Sessions wait here when no agent worker has a free slot (see dispatch-queue.ts). */
  dispatchQueue: {
    /** People who may wait at once; one more is refused (503). 0: never wait, refuse when full. */
    maxLength: number;
    /** A session still waiting after this long ends ('queue-timeout'). */
    maxWaitMs: number;
    /** A dispatch that shows no job or agent after this long got none: LiveKit had no free worker. */
    confirmMs: number;
    /** How often the head of the queue is tried again when nothing signalled a freed slot. */
    retryMs: number;
    /**
     * No dispatch sooner than this after the last agent came: until the worker has reported its
     * new load, LiveKit would give the same slot twice on the old figure.
     */
    spacingMs: number;
  };
  /** Provider names a session may ask for. */
  allowedProviders: { [S in ProviderSlot]: ProviderName<S>[] };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Only the store location (for the key CLI, which needs no LiveKit settings). */
export function loadStoreConfig(env: NodeJS.ProcessEnv = process.env): Config['store'] {
  return loadConfig({ LIVEKIT_URL: 'ws://127.0.0.1:7880', LIVEKIT_API_KEY: 'unused', LIVEKIT_API_SECRET: 'unused', ...env, PARLEY_API_HOST: '127.0.0.1' }).store;
}

/** Reads and validates configuration once. Throws ConfigError naming every offending variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(Object.keys(envSchema.shape).map((key) => [key, optional(env[key])]));
  const result = envSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        return issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
      }),
    );
  }
  const e = result.data;
  if (e.PARLEY_AUTH_MODE === 'open' && !isLoopbackHost(e.PARLEY_API_HOST)) {
    throw new ConfigError([
      `PARLEY_AUTH_MODE=open lets anyone who can reach the API use it, so it is only allowed on a loopback address, but PARLEY_API_HOST is ${e.PARLEY_API_HOST}. ` +
        'Set PARLEY_AUTH_MODE=accounts so people sign in (create the first admin with `node apps/api/dist/cli.js users create --name <name> --admin`), ' +
        'or PARLEY_AUTH_MODE=api-key for programs (create a key with `node apps/api/dist/cli.js keys create --tenant <name>`), or bind 127.0.0.1.',
    ]);
  }
  const databaseUrl = e.PARLEY_DATABASE_URL;
  const store: Config['store'] =
    databaseUrl === undefined
      ? { kind: 'sqlite', file: join(e.PARLEY_STATE_DIR, 'parley.db') }
      : databaseUrl.startsWith('sqlite:')
        ? { kind: 'sqlite', file: databaseUrl.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '') }
        : { kind: 'postgres', url: databaseUrl };
  const publicUrls = e.LIVEKIT_PUBLIC_URL ?? e.LIVEKIT_URL;
  if (publicUrls.length !== e.LIVEKIT_URL.length && publicUrls.length !== 1) {
    throw new ConfigError([
      `LIVEKIT_PUBLIC_URL lists ${publicUrls.length} URLs but LIVEKIT_URL lists ${e.LIVEKIT_URL.length} nodes: give one public URL per node, in the same order (or one for all nodes behind a load balancer)`,
    ]);
  }
  const nodes = e.LIVEKIT_URL.map((url, index) => ({ url, publicUrl: publicUrls[index] ?? (publicUrls[0] as string) }));
  const first = nodes[0] as { url: string; publicUrl: string };
  return {
    livekit: {
      nodes,
      url: first.url,
      publicUrl: first.publicUrl,
      apiKey: e.LIVEKIT_API_KEY,
      apiSecret: e.LIVEKIT_API_SECRET,
    },
    host: e.PARLEY_API_HOST,
    port: e.PARLEY_API_PORT,
    agentHealthUrls: e.PARLEY_AGENT_HEALTH_URLS,
    tokenTtlSeconds: e.PARLEY_TOKEN_TTL_SECONDS,
    webDist: e.PARLEY_WEB_DIST,
    logLevel: e.PARLEY_LOG_LEVEL,
    authMode: e.PARLEY_AUTH_MODE,
    signIn: { ttlSeconds: e.PARLEY_SIGN_IN_TTL_SECONDS, cookieSecure: e.PARLEY_COOKIE_SECURE },
    store,
    corsOrigins: e.PARLEY_CORS_ORIGINS,
    trustProxy: e.PARLEY_TRUST_PROXY,
    allowedHosts: [...new Set([...e.PARLEY_API_ALLOWED_HOSTS, ...boundName(e.PARLEY_API_HOST)])],
    reconcileIntervalSeconds: e.PARLEY_RECONCILE_INTERVAL_SECONDS,
    rateLimitPerMinute: e.PARLEY_RATE_LIMIT_PER_MINUTE,
    maxSessionsPerTenant: e.PARLEY_MAX_SESSIONS_PER_TENANT === 0 ? null : e.PARLEY_MAX_SESSIONS_PER_TENANT,
    dispatchQueue: {
      maxLength: e.PARLEY_DISPATCH_QUEUE_MAX,
      maxWaitMs: e.PARLEY_DISPATCH_QUEUE_MAX_WAIT_SECONDS * 1000,
      confirmMs: e.PARLEY_DISPATCH_CONFIRM_SECONDS * 1000,
      retryMs: e.PARLEY_DISPATCH_RETRY_SECONDS * 1000,
      spacingMs: e.PARLEY_DISPATCH_SPACING_MS,
    },
    allowedProviders: { llm: e.PARLEY_ALLOWED_LLM, stt: e.PARLEY_ALLOWED_STT, tts: e.PARLEY_ALLOWED_TTS },
  };
}
