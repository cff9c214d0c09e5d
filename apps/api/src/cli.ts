import { runUsersCli } from './accounts/cli-users.js';
import { generateApiKey, TENANT_PATTERN } from './auth.js';
import { type Config, ConfigError, loadStoreConfig } from './config.js';
import { openStore } from './store/index.js';

const USAGE = 'usage: node apps/api/dist/cli.js keys create --tenant <name>\n       node apps/api/dist/cli.js users create|list|disable|enable|reset-password …\n';

/** `keys create --tenant acme`: prints a new API key once; only its hash is stored. */
async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === 'users') return runUsersCli(argv.slice(1));
  if (group !== 'keys' || command !== 'create') {
    process.stderr.write(USAGE);
    return 64; // EX_USAGE
  }
  const tenantIndex = rest.indexOf('--tenant');
  const tenant = tenantIndex >= 0 ? rest[tenantIndex + 1] : undefined;
  if (tenant === undefined || !TENANT_PATTERN.test(tenant)) {
    process.stderr.write(`--tenant must be 1-63 characters of a-z, 0-9, "-" and "_"\n${USAGE}`);
    return 64;
  }
  let store: Config['store'];
  try {
    store = loadStoreConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`parley-api: ${error.message}\n`);
      return 78;
    }
    throw error;
  }
  const opened = await openStore(store);
  try {
    const key = generateApiKey();
    await opened.createApiKey({ keyId: key.keyId, tenant, secretHash: key.secretHash, createdAt: new Date().toISOString() });
    process.stdout.write(`${key.key}\n`);
    process.stderr.write(`API key ${key.keyId} created for tenant "${tenant}". It is shown only now; store it safely.\n`);
    return 0;
  } finally {
    await opened.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`parley-api: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
