import { describe, expect, it } from 'vitest';
import { loadClusterConfig } from './cluster-config.js';
import { loadLauncherConfig } from './launcher-config.js';
import { renderLivekitConfig } from './livekit-config.js';

const env = { LIVEKIT_API_KEY: 'APIkey', LIVEKIT_API_SECRET: 'a-secret-that-is-long-enough-for-livekit-0123' };

describe('renderLivekitConfig', () => {
  it('writes a single node without Redis', () => {
    const yaml = renderLivekitConfig(loadLauncherConfig(env));
    expect(yaml).not.toContain('redis:');
    expect(yaml).toContain('target_load: 1');
  });

  it("joins LiveKit's multi-node mode through Redis, with the fewest-rooms node selector", () => {
    const config = loadLauncherConfig({ ...env, PARLEY_REDIS_ADDRESS: '10.0.0.5:6379', PARLEY_LIVEKIT_NODES: 'wss://lk1.example.com, wss://lk2.example.com' });
    expect(config.livekitNodes).toEqual(['wss://lk1.example.com', 'wss://lk2.example.com']);
    const yaml = renderLivekitConfig(config, { redisAddress: config.redisAddress });
    expect(yaml).toContain('redis:\n  address: "10.0.0.5:6379"');
    expect(yaml).toContain('node_selector:\n  kind: any\n  sort_by: rooms');
  });

  it('refuses a Redis address that is not host:port', () => {
    expect(() => loadLauncherConfig({ ...env, PARLEY_REDIS_ADDRESS: 'redis://x' })).toThrow(/host:port/);
  });
});

describe('loadClusterConfig', () => {
  it('gives node i the single-node ports + 10 × i', () => {
    const base = loadLauncherConfig(env);
    const cluster = loadClusterConfig({ PARLEY_CLUSTER_NODES: '3' }, base);
    expect(cluster.nodes.map((ports) => ports.livekit)).toEqual([7880, 7890, 7900]);
    expect(cluster.nodes.map((ports) => ports.api)).toEqual([8080, 8090, 8100]);
    expect(cluster.databaseUrl).toBeUndefined();
    expect(cluster.redisPort).toBe(6380);
  });

  it('refuses overlapping ports and a SQLite database (every API must share one store)', () => {
    const base = loadLauncherConfig(env);
    expect(() => loadClusterConfig({ PARLEY_REDIS_PORT: '7890' }, base)).toThrow(/overlap/);
    expect(() => loadClusterConfig({ PARLEY_DATABASE_URL: 'sqlite:/tmp/x.db' }, base)).toThrow(/postgres/);
  });
});
