import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const base = { LIVEKIT_URL: 'ws://127.0.0.1:7880', LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'secret' };

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies defaults', () => {
    const config = loadConfig(base);
    expect(config.livekit).toEqual({
      url: 'ws://127.0.0.1:7880',
      publicUrl: 'ws://127.0.0.1:7880',
      nodes: [{ url: 'ws://127.0.0.1:7880', publicUrl: 'ws://127.0.0.1:7880' }],
      apiKey: 'devkey',
      apiSecret: 'secret',
    });
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8080);
    expect(config.agentHealthUrls).toEqual(['http://127.0.0.1:8081']);
    expect(config.tokenTtlSeconds).toBe(600);
    expect(config.webDist).toMatch(/apps[/\\]web[/\\]dist$/);
    expect(config.logLevel).toBe('info');
    expect(config.allowedHosts).toEqual([]);
    expect(config.reconcileIntervalSeconds).toBe(60);
  });

  it('reads the allowed host names (plus a named bind host) and the reconcile interval', () => {
    const config = loadConfig({
      ...base,
      PARLEY_AUTH_MODE: 'api-key',
      PARLEY_API_HOST: 'parley.lan',
      PARLEY_API_ALLOWED_HOSTS: 'Parley.Example.com, 10.0.0.5, [::1], fe80::1,',
      PARLEY_RECONCILE_INTERVAL_SECONDS: '15',
    });
    expect(config.allowedHosts).toEqual(['parley.example.com', 'parley.lan']);
    expect(config.reconcileIntervalSeconds).toBe(15);
    expect(loadConfig({ ...base, PARLEY_AUTH_MODE: 'api-key', PARLEY_API_HOST: '0.0.0.0' }).allowedHosts).toEqual([]);
  });

  it('rejects an allowed host that is a URL or has a port, and a reconcile interval out of range', () => {
    const found = problems({ ...base, PARLEY_API_ALLOWED_HOSTS: 'https://parley.example.com', PARLEY_RECONCILE_INTERVAL_SECONDS: '1' }).join('\n');
    expect(found).toMatch(/PARLEY_API_ALLOWED_HOSTS entry "https:\/\/parley.example.com" must be a bare host name/);
    expect(found).toMatch(/PARLEY_RECONCILE_INTERVAL_SECONDS must be an integer between 5 and 86400/);
    expect(problems({ ...base, PARLEY_API_ALLOWED_HOSTS: 'parley.example.com:8080' }).join('\n')).toMatch(/no scheme, port or path/);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...base,
      LIVEKIT_PUBLIC_URL: 'wss://lk.example.com',
      PARLEY_API_HOST: '0.0.0.0',
      PARLEY_API_PORT: '9000',
      PARLEY_AGENT_HEALTH_URLS: 'http://a:8081, http://b:8082,',
      PARLEY_TOKEN_TTL_SECONDS: '120',
      PARLEY_WEB_DIST: '/srv/web',
      PARLEY_LOG_LEVEL: 'debug',
      PARLEY_AUTH_MODE: 'api-key',
      PARLEY_DATABASE_URL: 'postgres://parley:pw@db.internal/parley',
      PARLEY_CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
      PARLEY_RATE_LIMIT_PER_MINUTE: '60',
      PARLEY_ALLOWED_TTS: 'festival,flite',
    });
    expect(config.authMode).toBe('api-key');
    expect(config.store).toEqual({ kind: 'postgres', url: 'postgres://parley:pw@db.internal/parley' });
    expect(config.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(config.rateLimitPerMinute).toBe(60);
    expect(config.allowedProviders.tts).toEqual(['festival', 'flite']);
    expect(config.livekit.publicUrl).toBe('wss://lk.example.com');
    expect(config.host).toBe('0.0.0.0');
    expect(config.port).toBe(9000);
    expect(config.agentHealthUrls).toEqual(['http://a:8081', 'http://b:8082']);
    expect(config.tokenTtlSeconds).toBe(120);
    expect(config.webDist).toBe('/srv/web');
    expect(config.logLevel).toBe('debug');
  });

  it('defaults to open mode with SQLite in the state folder', () => {
    const config = loadConfig(base);
    expect(config.authMode).toBe('open');
    expect(config.store.kind).toBe('sqlite');
    expect(config.store.kind === 'sqlite' && config.store.file).toMatch(/\.parley[/\\]parley\.db$/);
    expect(loadConfig({ ...base, PARLEY_DATABASE_URL: 'sqlite:/tmp/x.db' }).store).toEqual({ kind: 'sqlite', file: '/tmp/x.db' });
  });

  it('refuses open mode unless the API binds a loopback address', () => {
    expect(() => loadConfig({ ...base, PARLEY_API_HOST: '0.0.0.0' })).toThrow(/only allowed on a loopback address/);
    expect(() => loadConfig({ ...base, PARLEY_API_HOST: '192.168.1.5', PARLEY_AUTH_MODE: 'open' })).toThrow(/PARLEY_AUTH_MODE=api-key/);
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) expect(loadConfig({ ...base, PARLEY_API_HOST: host }).host).toBe(host);
  });

  it('lets accounts mode bind any address, with sign-in cookie settings', () => {
    const config = loadConfig({ ...base, PARLEY_API_HOST: '0.0.0.0', PARLEY_AUTH_MODE: 'accounts' });
    expect(config.authMode).toBe('accounts');
    expect(config.host).toBe('0.0.0.0');
    expect(config.signIn).toEqual({ ttlSeconds: 43_200, cookieSecure: 'auto' });
    expect(loadConfig({ ...base, PARLEY_SIGN_IN_TTL_SECONDS: '3600', PARLEY_COOKIE_SECURE: 'always' }).signIn).toEqual({ ttlSeconds: 3600, cookieSecure: 'always' });
    const found = problems({ ...base, PARLEY_COOKIE_SECURE: 'yes', PARLEY_SIGN_IN_TTL_SECONDS: '5' }).join('\n');
    expect(found).toMatch(/PARLEY_COOKIE_SECURE must be one of/);
    expect(found).toMatch(/PARLEY_SIGN_IN_TTL_SECONDS must be an integer between 60/);
  });

  it('reads the trusted reverse proxies', () => {
    expect(loadConfig(base).trustProxy).toEqual([]);
    expect(loadConfig({ ...base, PARLEY_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(problems({ ...base, PARLEY_TRUST_PROXY: 'proxy.example' }).join('\n')).toMatch(/PARLEY_TRUST_PROXY entry "proxy.example"/);
  });

  it('rejects a bad database URL, CORS origin and auth mode', () => {
    const found = problems({ ...base, PARLEY_DATABASE_URL: 'mysql://x', PARLEY_CORS_ORIGINS: 'https://ok.example, https://x.example/path', PARLEY_AUTH_MODE: 'none' });
    expect(found.join('\n')).toMatch(/PARLEY_DATABASE_URL/);
    expect(found.join('\n')).toMatch(/PARLEY_CORS_ORIGINS entry "https:\/\/x.example\/path"/);
    expect(found.join('\n')).toMatch(/PARLEY_AUTH_MODE must be one of/);
  });

  it('names each missing required variable', () => {
    expect(problems({})).toEqual(['LIVEKIT_URL is required', 'LIVEKIT_API_KEY is required', 'LIVEKIT_API_SECRET is required']);
    expect(problems({ ...base, LIVEKIT_API_SECRET: '  ' })).toEqual(['LIVEKIT_API_SECRET is required']);
  });

  it('rejects malformed values with the variable name', () => {
    const found = problems({
      ...base,
      LIVEKIT_URL: 'not a url',
      PARLEY_API_PORT: '80a',
      PARLEY_TOKEN_TTL_SECONDS: '5',
      PARLEY_AGENT_HEALTH_URLS: 'ftp://x',
      PARLEY_LOG_LEVEL: 'loud',
    });
    expect(found.join('\n')).toMatch(/LIVEKIT_URL must be a URL/);
    expect(found.join('\n')).toMatch(/PARLEY_API_PORT must be an integer/);
    expect(found.join('\n')).toMatch(/PARLEY_TOKEN_TTL_SECONDS must be an integer between 30/);
    expect(found.join('\n')).toMatch(/PARLEY_AGENT_HEALTH_URLS entry "ftp:\/\/x"/);
    expect(found.join('\n')).toMatch(/PARLEY_LOG_LEVEL must be one of/);
  });

  it('reads the nodes of a LiveKit cluster from comma-separated LIVEKIT_URL and LIVEKIT_PUBLIC_URL, paired in order', () => {
    const config = loadConfig({ ...base, LIVEKIT_URL: 'ws://10.0.0.1:7880, ws://10.0.0.2:7880', LIVEKIT_PUBLIC_URL: 'wss://lk1.example.com,wss://lk2.example.com' });
    expect(config.livekit.nodes).toEqual([
      { url: 'ws://10.0.0.1:7880', publicUrl: 'wss://lk1.example.com' },
      { url: 'ws://10.0.0.2:7880', publicUrl: 'wss://lk2.example.com' },
    ]);
    expect(config.livekit.url).toBe('ws://10.0.0.1:7880');
    const balanced = loadConfig({ ...base, LIVEKIT_URL: 'ws://10.0.0.1:7880,ws://10.0.0.2:7880', LIVEKIT_PUBLIC_URL: 'wss://lk.example.com' });
    expect(balanced.livekit.nodes.map((node) => node.publicUrl)).toEqual(['wss://lk.example.com', 'wss://lk.example.com']);
    expect(() => loadConfig({ ...base, LIVEKIT_URL: 'ws://a:7880,ws://b:7880,ws://c:7880', LIVEKIT_PUBLIC_URL: 'wss://a,wss://b' })).toThrow(/one public URL per node/);
    expect(() => loadConfig({ ...base, LIVEKIT_URL: 'ws://a:7880,ftp://b' })).toThrow(/must use ws/);
  });
});
