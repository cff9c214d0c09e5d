import { Writable } from 'node:stream';
import type { TokenResponse } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { buildApp, loggerOptions } from './app.js';
import { fakeDeps, testConfig } from './testing/fakes.js';

describe('logging', () => {
  it('logs requests with ids but never the token or credentials', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const config = testConfig({ logLevel: 'trace' });
    const options = loggerOptions(config);
    const app = await buildApp(config, (await fakeDeps(config)).deps, {
      logger: typeof options === 'object' ? { ...options, stream } : options,
    });
    const res = await app.inject({
      method: 'POST',
      url: '/api/token',
      headers: { 'content-type': 'application/json', authorization: 'Bearer very-secret-bearer', 'x-request-id': 'req-42' },
      payload: { room: 'r', identity: 'alice' },
    });
    app.log.info({ token: 'direct-token-value', req: { headers: { authorization: 'Bearer x' } } }, 'explicit');
    await app.close();

    const token = res.json<TokenResponse>().token;
    const logs = lines.join('');
    expect(logs).toContain('"reqId":"req-42"');
    expect(logs).toContain('token issued');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain('very-secret-bearer');
    expect(logs).not.toContain('direct-token-value');
    expect(logs).not.toContain(config.livekit.apiSecret);
  });
});
