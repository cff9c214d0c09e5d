#!/usr/bin/env node
import { startCluster } from './cluster.js';
import { LauncherConfigError } from './launcher-config.js';
import { loadLauncherProcessSettings } from './launcher-process.js';
import { MissingLivekitError } from './livekit-binary.js';
import { PortInUseError } from './ports.js';
import { StartupError } from './readiness.js';
import { MissingToolError } from './shared-services.js';

const KNOWN_STARTUP_ERRORS = [MissingLivekitError, MissingToolError, PortInUseError, StartupError, LauncherConfigError];

async function main(): Promise<void> {
  const startedAt = Date.now();
  console.log('Parley cluster: starting Redis, PostgreSQL, LiveKit nodes, agent workers and API servers…');
  let cluster;
  try {
    cluster = await startCluster({ echoToConsole: loadLauncherProcessSettings(process.env).echoToConsole });
  } catch (error) {
    if (KNOWN_STARTUP_ERRORS.some((kind) => error instanceof kind)) {
      console.error(`\nThe Parley cluster could not start.\n${(error as Error).message}`);
      process.exit(2);
    }
    throw error;
  }
  const lines = cluster.nodes.map((node) => `  node ${node.number}: web ${node.webUrl}  LiveKit ${node.livekitPublicUrl}  agent health ${node.agentHealthUrl}`);
  console.log(`\nParley cluster is ready in ${Date.now() - startedAt} ms (Redis ${cluster.redisAddress}):\n${lines.join('\n')}\nLogs: ${cluster.logDir}. Press Ctrl-C to stop.\n`);
  let stopping = false;
  const shutdown = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`\nParley cluster: stopping (${reason})…`);
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('Ctrl-C'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
