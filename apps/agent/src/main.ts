import { cli, ServerOptions } from '@livekit/agents';
import { AGENT_NAME } from '@parley/protocol';
import { fileURLToPath } from 'node:url';
import { AgentConfigError, loadAgentConfig } from './config.js';

let config;
try {
  config = loadAgentConfig();
} catch (error) {
  if (error instanceof AgentConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

cli.runApp(
  new ServerOptions({
    agent: fileURLToPath(new URL('./job.js', import.meta.url)),
    agentName: AGENT_NAME,
    wsURL: config.livekit.url,
    apiKey: config.livekit.apiKey,
    apiSecret: config.livekit.apiSecret,
    host: config.health.host,
    port: config.health.port,
    numIdleProcesses: config.idleJobProcesses,
  }),
);
