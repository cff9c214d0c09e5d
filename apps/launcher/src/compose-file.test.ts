// Cheap checks of compose.yaml, compose.gpu.yaml and the Dockerfile (the full build and run is
// `npm run test:compose`; the tools' own validation is scripts/compose/validate.sh).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './paths.js';

interface Service {
  image?: string;
  build?: { target?: string; args?: Record<string, string> };
  command?: string[];
  entrypoint?: unknown;
  network_mode?: string;
  ports?: unknown[];
  healthcheck?: { test: string[] };
  profiles?: string[];
  volumes?: string[];
  stop_grace_period?: string;
  environment?: Record<string, string>;
  deploy?: { resources?: { reservations?: { devices?: { driver: string; capabilities: string[] }[] } } };
}
const read = (file: string): string => readFileSync(path.join(repoRoot, file), 'utf8');
const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown>; version?: string };
const dockerfile = read('Dockerfile');

describe('compose.yaml', () => {
  test('Compose specification: no version key, the services users expect', () => {
    expect(compose.version).toBeUndefined();
    expect(Object.keys(compose.services).sort()).toEqual(['agent', 'api', 'init', 'livekit', 'postgres', 'redis']);
    expect(compose.services.postgres?.profiles).toEqual(['postgres']);
    expect(compose.services.redis?.profiles).toEqual(['redis']);
  });

  test('every long-running service has a healthcheck whose arguments have no spaces (podman splits them)', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (name === 'init') continue;
      expect(service.healthcheck?.test[0], name).toBe('CMD');
      for (const arg of service.healthcheck?.test ?? []) expect(arg, `${name}: ${arg}`).not.toMatch(/\s/);
    }
  });

  test('LiveKit advertises what the host has: host networking (or ports mapped one to one)', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (service.network_mode === 'host') continue;
      for (const port of service.ports ?? []) {
        const [host, container] = String(port).split(':').slice(-2);
        expect(host, `${name}: ${String(port)}`).toBe(container);
      }
    }
    expect(compose.services.livekit?.network_mode).toBe('host');
  });

  test('Node is PID 1: the images start node, never npm or a shell', () => {
    for (const service of Object.values(compose.services)) expect(JSON.stringify(service.command ?? [])).not.toMatch(/npm|sh -c/);
    expect(dockerfile).toMatch(/ENTRYPOINT \["node", "apps\/launcher\/dist\/container\.js"\]\nCMD \["api"\]/);
    expect(dockerfile).toMatch(/ENTRYPOINT \["node", "apps\/launcher\/dist\/container\.js"\]\nCMD \["agent"\]/);
    expect(compose.services.agent?.stop_grace_period).toBe('11m');
  });

  test('volumes for the keys, the database, the models and the logs', () => {
    expect(Object.keys(compose.volumes).sort()).toEqual(['config', 'data', 'logs', 'models', 'pgdata']);
    expect(compose.services.api?.volumes).toContain('data:/var/lib/parley/data');
    expect(compose.services.agent?.volumes).toContain('models:/var/lib/parley/models');
  });

  test('no keys in the files: they are generated on the first start', () => {
    for (const file of ['compose.yaml', 'compose.gpu.yaml', 'Dockerfile']) {
      expect(read(file), file).not.toMatch(/devkey|LIVEKIT_API_SECRET|LIVEKIT_KEYS/);
    }
  });

  test('the GPU overlay reserves NVIDIA GPUs for the agent and keeps the CUDA build', () => {
    const gpu = parse(read('compose.gpu.yaml')) as { services: Record<string, Service> };
    expect(Object.keys(gpu.services)).toEqual(['agent']);
    expect(gpu.services.agent?.deploy?.resources?.reservations?.devices?.[0]).toMatchObject({ driver: 'nvidia', capabilities: ['gpu'] });
    expect(gpu.services.agent?.build?.args?.LLAMA_CPP_GPU).toBe('cuda');
  });
});

describe('Dockerfile', () => {
  test('base images are build arguments with pinned tags', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20\.\d+\.\d+-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^ARG GO_IMAGE=golang:1\.\d+\.\d+-bookworm$/m);
    for (const from of dockerfile.matchAll(/^FROM (\S+)/gm)) expect(from[1]).toMatch(/^\$\{[A-Z_]+\}$|^(runtime)$/);
  });

  test('final images run as a non-root user and copy no compilers', () => {
    const stages = dockerfile.split(/^FROM /m).slice(1);
    for (const target of ['livekit', 'api', 'agent']) {
      const stage = stages.find((text) => new RegExp(`^\\S+ AS ${target}\\n`).test(text));
      expect(stage, target).toBeDefined();
      expect(stage, target).toMatch(/^USER parley$/m);
      expect(stage, target).not.toMatch(/\b(gcc|g\+\+|make|libpocketsphinx-dev)=/);
    }
  });

  test('LiveKit is the version scripts/setup.sh pins', () => {
    const setupVersion = /LIVEKIT_VERSION="(v[\d.]+)"/.exec(read('scripts/setup.sh'))?.[1];
    expect(dockerfile).toContain(`ARG LIVEKIT_VERSION=${setupVersion}`);
    expect(compose.services.livekit?.image).toBe(`localhost/parley-livekit:${setupVersion?.slice(1)}`);
  });
});
