import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { generateApiKey } from '../auth.js';
import type { Config } from '../config.js';
import { fakeDeps, type Fakes, testConfig } from './fakes.js';

export interface TestApp {
  app: FastifyInstance;
  fakes: Fakes;
  config: Config;
}

export async function startTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const config = testConfig(overrides);
  const fakes = await fakeDeps(config);
  const app = await buildApp(config, fakes.deps, { logger: false, closeStore: true });
  return { app, fakes, config };
}

/** Creates an API key for a tenant straight in the store; returns the Authorization header. */
export async function keyFor(fakes: Fakes, tenant: string): Promise<Record<string, string>> {
  const key = generateApiKey();
  await fakes.store.createApiKey({ keyId: key.keyId, tenant, secretHash: key.secretHash, createdAt: new Date().toISOString() });
  return { authorization: `Bearer ${key.key}` };
}

/** A request the way the web client sends it: JSON, or the X-Parley-Request marker when body-less. */
export function jsonRequest(method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) {
  const kind = body !== undefined ? { 'content-type': 'application/json' } : method === 'GET' ? {} : { 'x-parley-request': '1' };
  return {
    method,
    url,
    headers: { ...kind, ...headers },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  };
}
