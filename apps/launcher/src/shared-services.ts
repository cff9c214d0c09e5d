import { execFile } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { createHash } from 'node:crypto';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { StartupError } from './readiness.js';
import type { RunningService, ServiceSpec } from './supervisor.js';

const run = promisify(execFile);

export class MissingToolError extends Error {
  override readonly name = 'MissingToolError';
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** redis-server: an explicit setting, else PATH (Debian's `redis-server` package). */
export function resolveRedisBinary(explicit: string | undefined, pathEnv: string | undefined): string {
  if (explicit) {
    if (executable(explicit)) return explicit;
    throw new MissingToolError(`PARLEY_REDIS_BIN points to ${explicit}, which is not an executable file.`);
  }
  for (const dir of [...(pathEnv ?? '').split(path.delimiter), '/usr/bin', '/usr/sbin']) {
    if (dir && executable(path.join(dir, 'redis-server'))) return path.join(dir, 'redis-server');
  }
  throw new MissingToolError('redis-server not found: run `bash scripts/setup.sh --with-cluster` (installs Debian redis-server) or set PARLEY_REDIS_BIN.');
}

/**
 * Redis for LiveKit's multi-node mode. The append-only file keeps the rooms' node map and the
 * agent dispatches across a Redis restart, as a production Redis with persistence would.
 */
export function redisSpec(binary: string, options: { host: string; port: number; dir: string; cwd: string; env: Record<string, string | undefined> }): ServiceSpec {
  mkdirSync(options.dir, { recursive: true });
  return {
    name: 'redis',
    command: binary,
    args: ['--port', String(options.port), '--bind', options.host, '--dir', options.dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--daemonize', 'no'],
    env: options.env,
    cwd: options.cwd,
  };
}

/** Waits until Redis answers PING; fails fast if it exits first. */
export async function waitForRedis(host: string, port: number, service: RunningService, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | null = null;
  void service.exited.then((code) => {
    exited = code;
  });
  while (Date.now() < deadline) {
    if (exited !== null) throw new StartupError(`Redis exited (${exited}) before it was ready. Its last output:\n${service.recentOutput()}`);
    if (await redisPing(host, port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new StartupError(`Redis was not ready within ${timeoutMs} ms on ${host}:${port}. Its last output:\n${service.recentOutput()}`);
}

export function redisPing(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let answer = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

/** Debian's versioned PostgreSQL binaries (apt-get install postgresql). */
export function findPostgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(path.join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] === undefined) throw new MissingToolError('PostgreSQL not found under /usr/lib/postgresql: run `bash scripts/setup.sh --with-cluster`, or set PARLEY_DATABASE_URL to a PostgreSQL of your own.');
  return path.join(root, versions[0], 'bin');
}

export interface LocalPostgres {
  spec: ServiceSpec;
  /** Creates the `parley` database on first use; resolves with its URL. */
  ready(service: RunningService, timeoutMs: number): Promise<string>;
}

/**
 * The cluster's own PostgreSQL when no PARLEY_DATABASE_URL is given: a data folder made once
 * with initdb, listening on a unix socket only. As root it runs as the `postgres` user.
 */
export async function localPostgres(options: { dir: string; port: number; cwd: string; env: Record<string, string | undefined> }): Promise<LocalPostgres> {
  const bin = findPostgresBinDir();
  const asRoot = userInfo().uid === 0;
  let socketDir = options.dir;
  mkdirSync(socketDir, { recursive: true });
  let postgresUser: { uid: number; gid: number } | undefined;
  // The postgres user's commands run from a folder it may enter (the launcher's may be private).
  const neutral = { cwd: tmpdir() };
  if (asRoot) {
    postgresUser = { uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()), gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()) };
    chownSync(socketDir, postgresUser.uid, postgresUser.gid);
    // A checkout inside a private folder (mode 700, e.g. a home or mktemp dir) is out of the
    // postgres user's reach: keep the data in a folder of its own under the temp dir instead.
    const reachable = await run('runuser', ['-u', 'postgres', '--', 'test', '-w', socketDir], neutral).then(() => true, () => false);
    if (!reachable) {
      socketDir = path.join(tmpdir(), `parley-cluster-postgres-${createHash('sha256').update(options.dir).digest('hex').slice(0, 12)}`);
      mkdirSync(socketDir, { recursive: true, mode: 0o700 });
      chownSync(socketDir, postgresUser.uid, postgresUser.gid);
      console.warn(`[parley] PostgreSQL cannot reach ${options.dir} as the postgres user; its data goes to ${socketDir}`);
    }
  }
  const data = path.join(socketDir, 'data');
  const asPostgres = (command: string, args: string[]): { command: string; args: string[] } =>
    asRoot ? { command: 'runuser', args: ['-u', 'postgres', '--', path.join(bin, command), ...args] } : { command: path.join(bin, command), args };
  if (!existsSync(path.join(data, 'PG_VERSION'))) {
    const init = asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8']);
    await run(init.command, init.args, neutral);
  }
  const url = `postgres://postgres@localhost/parley?host=${encodeURIComponent(socketDir)}&port=${options.port}`;
  // The server itself is spawned as the postgres user directly (not through runuser, whose child
  // left the service's process group and outlived a killed launcher).
  const serverArgs = ['-D', data, '-k', socketDir, '-c', 'listen_addresses=', '-p', String(options.port)];
  return {
    spec: { name: 'postgres', command: path.join(bin, 'postgres'), args: serverArgs, env: options.env, cwd: asRoot ? tmpdir() : options.cwd, ...(postgresUser ? { user: postgresUser } : {}) },
    async ready(service, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      const isReady = asPostgres('pg_isready', ['-h', socketDir, '-p', String(options.port), '-q']);
      for (;;) {
        if (service.process.exitCode !== null) throw new StartupError(`PostgreSQL exited before it was ready. Its last output:\n${service.recentOutput()}`);
        const ok = await run(isReady.command, isReady.args, neutral).then(() => true, () => false);
        if (ok) break;
        if (Date.now() > deadline) throw new StartupError(`PostgreSQL was not ready within ${timeoutMs} ms. Its last output:\n${service.recentOutput()}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const create = asPostgres('createdb', ['-h', socketDir, '-p', String(options.port), '-U', 'postgres', 'parley']);
      await run(create.command, create.args, neutral).catch((error: unknown) => {
        // Made on an earlier start.
        if (!String((error as { stderr?: string }).stderr ?? error).includes('already exists')) throw error;
      });
      return url;
    },
  };
}
