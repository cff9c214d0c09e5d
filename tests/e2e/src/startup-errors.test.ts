import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './harness/paths.js';

const LAUNCHER = path.join(repoRoot, 'apps/launcher/dist/main.js');

function runLauncher(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [LAUNCHER], { env: { ...env, PARLEY_QUIET: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test('startup without a LiveKit server says how to install one', async (t) => {
  const bareState = mkdtempSync(path.join(tmpdir(), 'parley-state-'));
  const searchPath = '/usr/bin:/bin';
  if (searchPath.split(':').some((dir) => existsSync(path.join(dir, 'livekit-server')))) {
    t.skip('livekit-server is installed system-wide on this machine');
    return;
  }
  const result = await runLauncher({ PATH: searchPath, HOME: process.env.HOME ?? '/root', PARLEY_STATE_DIR: bareState });
  assert.equal(result.code, 2, result.output);
  assert.match(result.output, /LiveKit server not found/);
  assert.match(result.output, /scripts\/setup\.sh/);
});

test('startup with a port taken names the port and the setting that moves it', async () => {
  // A port the system picks: a fixed one may still be held by what an earlier file left behind.
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const address = blocker.address();
  assert.ok(address !== null && typeof address === 'object');
  const port = String(address.port);
  try {
    const result = await runLauncher({
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      PARLEY_API_PORT: port,
      PARLEY_LIVEKIT_PORT: '17880',
      PARLEY_LIVEKIT_TCP_PORT: '17881',
      PARLEY_LIVEKIT_UDP_PORT: '17882',
      PARLEY_AGENT_PORT: '18081',
    });
    assert.equal(result.code, 2, result.output);
    assert.match(result.output, new RegExp(`TCP port ${port} \\(API server\\) is already in use`));
    assert.match(result.output, /PARLEY_API_PORT/);
  } finally {
    blocker.close();
  }
});
