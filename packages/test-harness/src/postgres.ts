import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PostgresOptions {
  /**
   * No fsync, and `stop()` kills the server at once (`-m immediate`): for unit tests, where only
   * speed matters. Off (the default), the server is durable and stops cleanly, as in production.
   */
  fast?: boolean;
}

export interface ThrowawayPostgres {
  /** Connection string of a database on the cluster, over its unix socket. */
  url(database: string): string;
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown: open connections are cut), waits `downMs`, starts it again. */
  restart(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** Debian's versioned binaries (apt-get install postgresql); null when PostgreSQL is not installed. */
export function findPostgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => existsSync(path.join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : path.join(root, versions[0], 'bin');
}

/**
 * A PostgreSQL cluster for one test run: initdb into a temp folder, a unix socket inside it and no
 * TCP listener. As root it runs as the `postgres` OS user (PostgreSQL refuses to run as root).
 */
export async function startThrowawayPostgres(options: PostgresOptions = {}): Promise<ThrowawayPostgres> {
  const bin = findPostgresBinDir();
  if (bin === null) throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install postgresql)');
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-pg-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const exec = (command: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]) : run(path.join(bin, command), args);
  const data = path.join(dir, 'data');
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  await exec('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const start = () => exec('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', `-k ${dir} -c listen_addresses='' -p ${port}${options.fast ? ' -F' : ''}`, 'start']);
  await start();
  const url = (database: string): string => `postgres://postgres@localhost/${database}?host=${encodeURIComponent(dir)}&port=${port}`;
  return {
    url,
    async createDatabase(name) {
      await exec('createdb', ['-h', dir, '-p', String(port), '-U', 'postgres', name]);
      return url(name);
    },
    async restart(downMs) {
      await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
    async stop() {
      await exec('pg_ctl', ['-D', data, '-m', options.fast ? 'immediate' : 'fast', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
