import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Supervisor } from './supervisor.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const newSupervisor = () => new Supervisor({ logDir: mkdtempSync(path.join(tmpdir(), 'parley-supervisor-')), echoToConsole: false });
const sleeper = { name: 'sleeper', command: 'sh', args: ['-c', 'sleep 60 & wait'], env: process.env, cwd: '/' };

describe('Supervisor', () => {
  it('kills every service and the children it forked when its own process exits', async () => {
    const supervisor = newSupervisor();
    expect(process.listeners('exit')).toContain(supervisor.killAllNow);
    const service = supervisor.start(sleeper);
    const pid = service.process.pid ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(pid)).toBe(true);
    supervisor.killAllNow();
    expect(await service.exited).toBe('SIGKILL');
    expect(alive(pid)).toBe(false);
    await supervisor.stopAll();
  });

  it('stops its exit hook once everything is stopped', async () => {
    const supervisor = newSupervisor();
    const service = supervisor.start(sleeper);
    await supervisor.stopAll(1000);
    expect(await service.exited).toBe('SIGTERM');
    expect(process.listeners('exit')).not.toContain(supervisor.killAllNow);
  });

  it('kill() ends a service at once and marks it stopped on purpose, so nothing restarts it', async () => {
    const supervisor = newSupervisor();
    const service = supervisor.start(sleeper);
    await supervisor.kill('sleeper');
    expect(await service.exited).toBe('SIGKILL');
    expect(supervisor.stoppedOnPurpose('sleeper')).toBe(true);
    const again = await supervisor.restart('sleeper');
    expect(supervisor.stoppedOnPurpose('sleeper')).toBe(false);
    expect(alive(again.process.pid ?? 0)).toBe(true);
    await supervisor.stopAll(1000);
  });

  it('logs the lines a service writes after its own process exits (a child it forked still holds the pipe)', async () => {
    const logDir = mkdtempSync(path.join(tmpdir(), 'parley-supervisor-'));
    const supervisor = new Supervisor({ logDir, echoToConsole: false });
    const service = supervisor.start({ name: 'leaver', command: 'sh', args: ['-c', '(sleep 0.3; echo late) & echo early'], env: process.env, cwd: '/' });
    expect(await service.exited).toBe('0');
    await new Promise((resolve) => service.process.once('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readFileSync(path.join(logDir, 'leaver.log'), 'utf8')).toBe('early\nlate\n');
    await supervisor.stopAll(1000);
  });
});
