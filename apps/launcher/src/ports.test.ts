import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertPortsFree, PortInUseError } from './ports.js';

describe('assertPortsFree', () => {
  it('names the busy port and the setting that moves it', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    try {
      await expect(
        assertPortsFree('127.0.0.1', [{ port: address.port, protocol: 'tcp', owner: 'API server', setting: 'PARLEY_API_PORT' }]),
      ).rejects.toThrow(PortInUseError);
      await expect(
        assertPortsFree('127.0.0.1', [{ port: address.port, protocol: 'tcp', owner: 'API server', setting: 'PARLEY_API_PORT' }]),
      ).rejects.toThrow(new RegExp(`TCP port ${address.port} \\(API server\\).*PARLEY_API_PORT`));
    } finally {
      server.close();
    }
  });

  it('passes when the ports are free', async () => {
    await expect(assertPortsFree('127.0.0.1', [])).resolves.toBeUndefined();
  });
});
