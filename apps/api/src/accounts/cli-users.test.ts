import { describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import { tempDbFile } from '../testing/fakes.js';
import { Accounts } from './accounts.js';
import { type CliIo, runUsersCli } from './cli-users.js';

function cli(file: string) {
  const out: string[] = [];
  const err: string[] = [];
  let password = '';
  const io: CliIo = {
    env: { PARLEY_DATABASE_URL: `sqlite:${file}` },
    readPassword: async () => password,
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  };
  return {
    run: async (args: string[], typed = '') => {
      out.length = 0;
      err.length = 0;
      password = typed;
      const code = await runUsersCli(args, io);
      return { code, out: out.join(''), err: err.join('') };
    },
  };
}

async function canSignIn(file: string, name: string, password: string): Promise<boolean> {
  const store = await openStore({ kind: 'sqlite', file });
  try {
    return (await new Accounts({ store, ttlSeconds: 60 }).signIn(name, password)) !== null;
  } finally {
    await store.close();
  }
}

describe('users CLI', () => {
  it('creates, lists, disables, enables and resets passwords', async () => {
    const file = tempDbFile();
    const { run } = cli(file);
    const empty = await run(['list']);
    expect(empty.code).toBe(0);
    expect(empty.err).toContain('users create --name <name> --admin');

    const created = await run(['create', '--name', 'Alice', '--admin'], 'alice-password-1');
    expect(created.code).toBe(0);
    expect(created.err).toMatch(/created admin "alice" \(id [0-9a-f]{16}, tenant u-[0-9a-f]{16}\)/);
    expect(created.out).toBe('');
    expect(await canSignIn(file, 'alice', 'alice-password-1')).toBe(true);
    expect((await run(['create', '--name', 'alice'], 'another-password')).code).toBe(65);

    const generated = await run(['create', '--name', 'bob', '--generate-password']);
    expect(generated.code).toBe(0);
    const bobPassword = generated.out.trim();
    expect(bobPassword).toMatch(/^\S{20}$/);
    expect(await canSignIn(file, 'bob', bobPassword)).toBe(true);

    const listed = await run(['list']);
    expect(listed.out.split('\n')[0]).toMatch(/^ID\s+NAME\s+ROLE\s+STATUS\s+TENANT\s+CREATED$/);
    expect(listed.out).toMatch(/alice\s+admin\s+active/);
    expect(listed.out).toMatch(/bob\s+user\s+active/);
    expect(listed.out).not.toContain(bobPassword);

    expect((await run(['disable', '--name', 'bob'])).code).toBe(0);
    expect((await run(['list'])).out).toMatch(/bob\s+user\s+disabled/);
    expect(await canSignIn(file, 'bob', bobPassword)).toBe(false);
    expect((await run(['enable', '--name', 'bob'])).code).toBe(0);
    expect(await canSignIn(file, 'bob', bobPassword)).toBe(true);

    expect((await run(['reset-password', '--name', 'bob'], 'bobs-new-password')).code).toBe(0);
    expect(await canSignIn(file, 'bob', bobPassword)).toBe(false);
    expect(await canSignIn(file, 'bob', 'bobs-new-password')).toBe(true);
  });

  it('refuses bad input with a usage message and unknown users with a data error', async () => {
    const { run } = cli(tempDbFile());
    const short = await run(['create', '--name', 'carol'], 'short');
    expect(short.code).toBe(64);
    expect(short.err).toContain('password must be at least 10 characters');
    expect((await run(['create', '--name', 'not valid'], 'long-enough-password')).code).toBe(64);
    expect((await run(['create'], 'long-enough-password')).code).toBe(64);
    expect((await run(['frobnicate'])).err).toContain('usage:');
    const missing = await run(['disable', '--name', 'nobody']);
    expect(missing.code).toBe(65);
    expect(missing.err).toContain('no user named "nobody"');
  });
});
