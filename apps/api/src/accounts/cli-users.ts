import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { newPasswordSchema, userNameSchema } from '@parley/protocol';
import { ConfigError, loadStoreConfig } from '../config.js';
import { openStore } from '../store/index.js';
import { type Store, UserExistsError, type UserRecord } from '../store/types.js';
import { Accounts } from './accounts.js';
import { generatePassword } from './passwords.js';

export const USERS_USAGE = `usage: node apps/api/dist/cli.js users <command>
  users create --name <name> [--admin] [--generate-password]
  users list
  users disable --name <name>
  users enable --name <name>
  users reset-password --name <name> [--generate-password]
The password is read from stdin (one line), asked for twice on a terminal, or generated and printed with --generate-password.
`;

export interface CliIo {
  env: NodeJS.ProcessEnv;
  /** Asks for the password on a terminal, or reads it from piped stdin. */
  readPassword(): Promise<string>;
  out(text: string): void;
  err(text: string): void;
}

const EX_USAGE = 64;
const EX_DATAERR = 65;
const EX_CONFIG = 78;

class UsageError extends Error {}

function flagValue(args: string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
}

function nameFrom(args: string[]): string {
  const parsed = userNameSchema.safeParse(flagValue(args, '--name') ?? '');
  if (!parsed.success) throw new UsageError(`--name: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** A new password from --generate-password (printed once on stdout), the terminal or stdin. */
async function newPassword(args: string[], io: CliIo): Promise<string> {
  if (args.includes('--generate-password')) {
    const password = generatePassword();
    io.out(`${password}\n`);
    return password;
  }
  const parsed = newPasswordSchema.safeParse(await io.readPassword());
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? 'invalid password');
  return parsed.data;
}

async function existingUser(store: Store, name: string): Promise<UserRecord> {
  const user = await store.findUserByName(name);
  if (!user) throw new DataError(`no user named "${name}"`);
  return user;
}

class DataError extends Error {}

async function run(command: string | undefined, args: string[], store: Store, io: CliIo): Promise<number> {
  // The CLI never keeps sign-ins; the TTL only matters to the API.
  const accounts = new Accounts({ store, ttlSeconds: 60 });
  switch (command) {
    case 'create': {
      const name = nameFrom(args);
      if (await store.findUserByName(name)) throw new DataError(`a user named "${name}" already exists`);
      const role = args.includes('--admin') ? 'admin' : 'user';
      const password = await newPassword(args, io);
      const user = await accounts.createUser(name, password, role).catch((error: unknown) => {
        throw error instanceof UserExistsError ? new DataError(`a user named "${name}" already exists`) : error;
      });
      io.err(`created ${role} "${name}" (id ${user.id}, tenant ${user.tenant}). They can sign in on the web page now.\n`);
      return 0;
    }
    case 'list': {
      const users = await store.listUsers();
      const rows = [['ID', 'NAME', 'ROLE', 'STATUS', 'TENANT', 'CREATED'], ...users.map((u) => [u.id, u.name, u.role, u.disabled ? 'disabled' : 'active', u.tenant, u.createdAt])];
      const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
      for (const row of rows) io.out(`${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()}\n`);
      if (users.length === 0) io.err('no users yet: create the first admin with `users create --name <name> --admin`\n');
      return 0;
    }
    case 'disable':
    case 'enable': {
      const user = await existingUser(store, nameFrom(args));
      await accounts.setDisabled(user, command === 'disable');
      io.err(command === 'disable' ? `disabled "${user.name}" and ended their sign-ins\n` : `enabled "${user.name}"\n`);
      return 0;
    }
    case 'reset-password': {
      const user = await existingUser(store, nameFrom(args));
      await accounts.resetPassword(user, await newPassword(args, io));
      io.err(`new password set for "${user.name}"; their sign-ins were ended\n`);
      return 0;
    }
    default:
      throw new UsageError(command === undefined ? 'which users command?' : `unknown users command "${command}"`);
  }
}

/** `users …`: manages the people who sign in (accounts mode), straight in the configured store. */
export async function runUsersCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...args] = argv;
  let location;
  try {
    location = loadStoreConfig(io.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`parley-api: ${error.message}\n`);
      return EX_CONFIG;
    }
    throw error;
  }
  const store = await openStore(location);
  try {
    return await run(command, args, store, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n${USERS_USAGE}`);
      return EX_USAGE;
    }
    if (error instanceof DataError) {
      io.err(`${error.message}\n`);
      return EX_DATAERR;
    }
    throw error;
  } finally {
    await store.close();
  }
}

/** Reads a line without echoing it (the terminal shows nothing while the password is typed). */
function askHidden(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function processIo(): CliIo {
  return {
    env: process.env,
    async readPassword() {
      if (!process.stdin.isTTY) return readStdin();
      const first = await askHidden('New password: ');
      const second = await askHidden('Again: ');
      if (first !== second) throw new UsageError('the two passwords differ');
      return first;
    },
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  };
}
