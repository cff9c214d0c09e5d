import { describe, expect, it } from 'vitest';
import { containerHealthUrl } from './health-url.js';

describe('containerHealthUrl', () => {
  it('asks each service on its declared default port, on loopback', () => {
    expect(containerHealthUrl('api', {})).toBe('http://127.0.0.1:8080/api/health');
    expect(containerHealthUrl('agent', {})).toBe('http://127.0.0.1:8081/');
  });

  it('follows the configured ports and bind host, and asks a service bound everywhere on loopback', () => {
    const env = { PARLEY_API_PORT: '9080', PARLEY_AGENT_PORT: '9081', PARLEY_BIND_HOST: '10.0.0.7' };
    expect(containerHealthUrl('api', env)).toBe('http://10.0.0.7:9080/api/health');
    expect(containerHealthUrl('agent', env)).toBe('http://10.0.0.7:9081/');
    expect(containerHealthUrl('api', { PARLEY_BIND_HOST: '0.0.0.0' })).toBe('http://127.0.0.1:8080/api/health');
  });

  it('refuses a port that is not one, as the launcher does', () => {
    expect(() => containerHealthUrl('api', { PARLEY_API_PORT: 'eighty' })).toThrow();
  });
});
