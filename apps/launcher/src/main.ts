#!/usr/bin/env node
import { LauncherConfigError } from './launcher-config.js';
import { loadLauncherProcessSettings } from './launcher-process.js';
import { MissingLivekitError } from './livekit-binary.js';
import { PortInUseError } from './ports.js';
import { StartupError } from './readiness.js';
import { startStack } from './stack.js';

const KNOWN_STARTUP_ERRORS = [MissingLivekitError, PortInUseError, StartupError, LauncherConfigError];

async function main(): Promise<void> {
  const startedAt = Date.now();
  console.log('Parley: starting LiveKit server, agent worker and API server…');
  let stack;
  try {
    stack = await startStack({ echoToConsole: loadLauncherProcessSettings(process.env).echoToConsole });
  } catch (error) {
    if (KNOWN_STARTUP_ERRORS.some((kind) => error instanceof kind)) {
      console.error(`\nParley could not start.\n${(error as Error).message}`);
      process.exit(2);
    }
    throw error;
  }
  const elapsedMs = Date.now() - startedAt;
  console.log(`\nParley is ready in ${elapsedMs} ms: open ${stack.webUrl}\nLogs: .parley/run/logs. Press Ctrl-C to stop.\n`);

  let stopping = false;
  const shutdown = async (reason: string, exitCode: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`\nParley: stopping (${reason})…`);
    await stack.stop();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown('Ctrl-C', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
