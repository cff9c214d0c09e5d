import { generateApiKey, TENANT_PATTERN } from './auth.js';
import type { ApiKeyRecord, Store } from './store/types.js';

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

export const KEYS_USAGE = [
  'usage: node apps/api/dist/cli.js keys create --tenant <name> | --user <user name>',
  '       node apps/api/dist/cli.js keys list [--tenant <name>]',
  '       node apps/api/dist/cli.js keys revoke <key id>',
].join('\n');

const EX_USAGE = 64;
const KEY_ID = /^[0-9a-f]{16}$/;

function option(args: readonly string[], name: string): string | undefined | null {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  return args[index + 1] ?? null;
}

function row(key: ApiKeyRecord): string {
  const status = key.revokedAt === null ? 'active' : `revoked ${key.revokedAt}`;
  return [key.keyId, key.tenant, key.createdAt, key.lastUsedAt ?? 'never', status].join('\t');
}

/**
 * `keys create|list|revoke`: the admin side of API keys. Secrets are printed once at creation and
 * never again; `list` shows ids, tenants and last use only. Returns the process exit code.
 */
export async function runKeysCommand(args: readonly string[], store: Store, io: CliOutput, now = new Date()): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'create') {
    let tenant = option(rest, '--tenant');
    const userName = option(rest, '--user');
    if (userName !== undefined) {
      // accounts mode: the key acts for that person, in their tenant (never as an admin).
      const user = userName === null ? null : await store.findUserByName(userName.toLowerCase());
      if (user === null) {
        io.err(`--user needs the name of an existing user (see \`users list\`)\n${KEYS_USAGE}\n`);
        return EX_USAGE;
      }
      tenant = user.tenant;
    }
    if (typeof tenant !== 'string' || !TENANT_PATTERN.test(tenant)) {
      io.err(`--tenant must be 1-63 characters of a-z, 0-9, "-" and "_"\n${KEYS_USAGE}\n`);
      return EX_USAGE;
    }
    const key = generateApiKey();
    await store.createApiKey({ keyId: key.keyId, tenant, secretHash: key.secretHash, createdAt: now.toISOString() });
    io.out(`${key.key}\n`);
    io.err(`API key ${key.keyId} created for tenant "${tenant}". It is shown only now; store it safely.\n`);
    return 0;
  }
  if (command === 'list') {
    const tenant = option(rest, '--tenant');
    if (tenant === null || (tenant !== undefined && !TENANT_PATTERN.test(tenant))) {
      io.err(`--tenant needs a tenant name\n${KEYS_USAGE}\n`);
      return EX_USAGE;
    }
    const keys = await store.listApiKeys(tenant);
    io.out(`${['key id', 'tenant', 'created', 'last used', 'status'].join('\t')}\n`);
    for (const key of keys) io.out(`${row(key)}\n`);
    if (keys.length === 0) io.err(tenant === undefined ? 'no API keys yet; create one with `keys create --tenant <name>`\n' : `no API keys for tenant "${tenant}"\n`);
    return 0;
  }
  if (command === 'revoke') {
    const keyId = rest[0];
    if (keyId === undefined || !KEY_ID.test(keyId)) {
      io.err(`revoke needs a key id: the 16 hex digits after "pk_" (see \`keys list\`)\n${KEYS_USAGE}\n`);
      return EX_USAGE;
    }
    const existing = await store.findApiKey(keyId);
    if (existing === null) {
      io.err(`no API key with id ${keyId}\n`);
      return 1;
    }
    if (!(await store.revokeApiKey(keyId, now.toISOString()))) {
      io.err(`API key ${keyId} was already revoked at ${existing.revokedAt ?? 'an earlier time'}\n`);
      return 0;
    }
    io.err(`API key ${keyId} (tenant "${existing.tenant}") revoked; requests with it now get 401.\n`);
    return 0;
  }
  io.err(`${KEYS_USAGE}\n`);
  return EX_USAGE;
}
