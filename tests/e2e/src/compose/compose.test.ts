/**
 * compose.yaml for real: the images built by scripts/compose/test.sh, run with docker-compose
 * against podman's Docker API, inside this test's private network namespace. A headless WebRTC
 * user speaks one turn through the containerised LiveKit and hears the agent's reply; then the
 * stack stops and a fresh API container finds the session in the database volume.
 * Not part of `npm test` (the image builds alone exceed CI's budget): `npm run test:compose`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { HeadlessUser } from '@parley/test-harness/headless-user';
import { poll } from '@parley/test-harness/wait';
import { repoRoot, resultsDir } from '../harness/paths.js';
import { speechWav } from '../harness/speech.js';

const run = promisify(execFile);
const PROJECT = process.env.PARLEY_COMPOSE_PROJECT ?? 'parley-compose-test';
const API = `http://127.0.0.1:${process.env.PARLEY_API_PORT ?? '8080'}`;
const SERVICES = ['livekit', 'api', 'agent'] as const;
const START_TIMEOUT_MS = 5 * 60_000;
const REPLY_TIMEOUT_MS = 30_000;

const compose = async (...args: string[]): Promise<string> =>
  (await run('docker-compose', ['-p', PROJECT, '-f', path.join(repoRoot, 'compose.yaml'), ...args], { cwd: repoRoot, maxBuffer: 64 << 20 })).stdout;
const podman = async (...args: string[]): Promise<string> => (await run('podman', args, { maxBuffer: 64 << 20 })).stdout.trim();

const containerOf = async (service: string): Promise<string | undefined> =>
  (await podman('ps', '-a', '--filter', `label=com.docker.compose.project=${PROJECT}`, '--filter', `label=com.docker.compose.service=${service}`, '--format', '{{.Names}}')).split('\n').find(Boolean);

/**
 * Podman runs healthchecks from systemd timers, and this machine has no systemd: without a driver
 * every container stays "starting" and `depends_on: service_healthy` never resolves. This loop is
 * that timer (the checks themselves are the ones in compose.yaml).
 */
function driveHealthchecks(): () => void {
  let stopped = false;
  void (async () => {
    while (!stopped) {
      const names = (await podman('ps', '--filter', `label=com.docker.compose.project=${PROJECT}`, '--format', '{{.Names}}').catch(() => '')).split('\n').filter(Boolean);
      await Promise.all(names.map((name) => podman('healthcheck', 'run', name).catch(() => undefined)));
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  })();
  return () => {
    stopped = true;
  };
}

async function health(service: string): Promise<string> {
  const name = await containerOf(service);
  return name ? podman('inspect', name, '--format', '{{.State.Health.Status}}').catch(() => 'missing') : 'missing';
}

/** Polls every 250 ms for a truthy value; a check that throws (a service not up yet) is tried again. */
function waitUntil<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  return poll<T>(what, async () => (await check()) || undefined, timeoutMs);
}

async function volumeFile(volume: string, file: string): Promise<string> {
  const mountpoint = await podman('volume', 'inspect', `${PROJECT}_${volume}`, '--format', '{{.Mountpoint}}');
  return readFileSync(path.join(mountpoint, file), 'utf8');
}

const report: Record<string, unknown> = {};
const buildReportFile = path.join(resultsDir, 'compose-build.json');

describe('docker compose: the whole product in containers', () => {
  let stopHealth = (): void => undefined;
  before(() => {
    if (existsSync(buildReportFile)) Object.assign(report, JSON.parse(readFileSync(buildReportFile, 'utf8')));
    stopHealth = driveHealthchecks();
  });
  after(async () => {
    stopHealth();
    if (process.env.PARLEY_COMPOSE_KEEP !== '1') await compose('down', '--timeout', '20').catch(() => undefined);
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, 'compose.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`compose report: ${JSON.stringify(report, null, 2)}`);
  });

  let sessionId = '';
  let keysAtStart = '';

  test('compose up: every service healthy', async () => {
    const started = Date.now();
    await compose('up', '-d', '--no-build');
    await waitUntil('livekit, api and agent healthy', async () => {
      const states = await Promise.all(SERVICES.map(health));
      return states.every((state) => state === 'healthy');
    }, START_TIMEOUT_MS).catch(async (error: unknown) => {
      for (const service of SERVICES) console.error(`--- ${service} (${await health(service)}) ---\n${(await compose('logs', '--tail', '40', service).catch(() => '')).slice(-6000)}`);
      throw error;
    });
    report.startToHealthyMs = Date.now() - started;
    const apiHealth = await fetch(`${API}/api/health`);
    assert.equal(apiHealth.status, 200, await apiHealth.text());
    keysAtStart = await volumeFile('config', 'env');
    assert.match(keysAtStart, /^LIVEKIT_API_KEY=API/m);
    assert.doesNotMatch(keysAtStart, /^LIVEKIT_API_KEY=devkey$/m, 'never the public dev pair');
  });

  test('a headless WebRTC user speaks one turn and hears the reply through the containerised LiveKit', async () => {
    const room = `compose-${Date.now().toString(36)}`;
    const response = await fetch(`${API}/api/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ room, identity: 'compose-tester' }) });
    assert.equal(response.status, 200, await response.clone().text());
    const issued = (await response.json()) as { serverUrl: string; token: string; sessionId?: string };
    const user = await HeadlessUser.join(issued.serverUrl, issued.token);
    try {
      await user.waitForAgentListening(60_000);
      const utterance = await user.say(speechWav('what is the capital of france', { trailingSilenceMs: 200 }));
      const firstAudio = await user.waitFor('the agent to answer out loud', () => user.firstAgentAudioAfter(utterance.speechEndAt), REPLY_TIMEOUT_MS);
      report.turnLatencyMs = firstAudio.at - utterance.speechEndAt;
      await user.waitFor('the agent to finish its reply', () => {
        const last = user.lastLoudAgentFrame();
        return last !== undefined && Date.now() - last.at > 800 && user.agentState() === 'listening';
      }, REPLY_TIMEOUT_MS);
      const lines = [...user.transcripts.values()].map((segment) => `${segment.identity}${segment.final ? '' : ' (interim)'}: ${segment.text}`);
      report.transcript = lines;
      assert.ok(lines.some((line) => line.startsWith('compose-tester') && /capital/i.test(line)), `the user's words were recognised: ${lines.join(' | ')}`);
    } finally {
      await user.leave();
    }
    const sessions = await waitUntil('the session in the API', async () => {
      const list = (await (await fetch(`${API}/api/sessions`)).json()) as { sessions: { id: string; room: string; turnCount: number }[] };
      return list.sessions.find((session) => session.room === room && session.turnCount > 0);
    }, 20_000);
    sessionId = sessions.id;
  });

  test('compose stop drains and stops; a new API container finds the session in the database volume', async () => {
    assert.ok(sessionId, 'a session from the previous test');
    const stopping = Date.now();
    await compose('stop');
    report.stopMs = Date.now() - stopping;
    // Containers gone, volumes kept: the same as a host reboot or an image upgrade.
    await compose('down');
    await compose('up', '-d', '--no-build', 'api');
    const detail = await waitUntil('the API to serve the stored session', async () => {
      const response = await fetch(`${API}/api/sessions/${sessionId}`);
      return response.status === 200 ? ((await response.json()) as { transcript: unknown[]; turnCount: number }) : undefined;
    }, 60_000);
    assert.ok(detail.transcript.length > 0 && detail.turnCount > 0, 'the transcript and turns survived');
    assert.equal(await volumeFile('config', 'env'), keysAtStart, 'the keys were generated once and kept');
  });

  test('images: sizes reported', async () => {
    const sizes: Record<string, string> = {};
    for (const image of ['localhost/parley-livekit:1.13.5', 'localhost/parley-api:0.1.0', 'localhost/parley-agent:0.1.0']) {
      const bytes = Number(await podman('image', 'inspect', image, '--format', '{{.Size}}'));
      sizes[image] = `${(bytes / 1e6).toFixed(0)} MB`;
    }
    report.imageSizes = sizes;
  });
});
