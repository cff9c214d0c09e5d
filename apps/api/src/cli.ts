import { runUsersCli } from './accounts/cli-users.js';
import { runKeysCommand, KEYS_USAGE } from './cli-keys.js';
import { type Config, ConfigError, loadStoreConfig } from './config.js';
import { openStore } from './store/index.js';

const io = { out: (text: string) => process.stdout.write(text), err: (text: string) => process.stderr.write(text) };

/** The admin CLI: `keys create|list|revoke` against the configured store. */
async function main(argv: string[]): Promise<number> {
  const [group, ...rest] = argv;
  if (group === 'users') return runUsersCli(rest);
  if (group !== 'keys') {
    io.err(`${KEYS_USAGE}\n       node apps/api/dist/cli.js users create|list|disable|enable|reset-password …\n`);
    return 64; // EX_USAGE
  }
  let store: Config['store'];
  try {
    store = loadStoreConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`parley-api: ${error.message}\n`);
      return 78;
    }
    throw error;
  }
  const opened = await openStore(store);
  try {
    return await runKeysCommand(rest, opened, io);
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
