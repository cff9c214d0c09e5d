import { cli, log, ServerOptions, type AgentServer, type JobRequest } from '@livekit/agents';
import { WorkerMessage, WorkerStatus } from '@livekit/protocol';
import { AGENT_NAME } from '@parley/protocol';
import { fileURLToPath } from 'node:url';
import { CapacityAnnouncer, conversationLoad, FULL_LOAD } from './capacity.js';
import { AgentConfigError, type AgentConfig } from './config.js';
import { DeadJobSweeper, liveKitAgentRemover, runningAgents, sweepPreviousRunOnceRegistered, WORKER_ATTRIBUTE } from './orphaned-agents.js';
import { watchingWorker } from './worker-watch.js';
import { findProviderProblems } from './providers/registry.js';
import { encodeSettledRuntime, SETTLED_RUNTIME_VARIABLE } from './runtime.js';
import { settleRuntime } from './settle-runtime.js';
import { registerSharedSpeech } from './speech/shared-speech.js';

// node-llama-cpp must never try to build or download llama.cpp at run time.
process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD ??= 'true';

/** Settings errors and unusable providers stop the worker before it registers, with one message. */
async function loadCheckedConfig(): Promise<AgentConfig> {
  try {
    const importedAtMs = Math.round(process.uptime() * 1000);
    const runtime = await settleRuntime(process.env, { probePython: true });
    const { config } = runtime;
    registerSharedSpeech(runtime.engines.shared);
    // The job processes and the inference process are forked with this environment: they read the runtime from it.
    process.env[SETTLED_RUNTIME_VARIABLE] = encodeSettledRuntime(runtime);
    // A restarted worker's start-up is how long its people wait for a replacement agent.
    console.log(`[parley-agent] start-up: modules loaded at ${importedAtMs} ms, engines settled at ${Math.round(process.uptime() * 1000)} ms`);
    const problems = await findProviderProblems(config);
    if (problems.length > 0) throw new AgentConfigError(`Agent providers are not usable:\n${problems.map((line) => `  ${line}`).join('\n')}`);
    return config;
  } catch (error) {
    if (error instanceof AgentConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

const config = await loadCheckedConfig();

// Stamps each agent with this worker's id, so that after a crash its next run can find them.
const acceptedThisRun = new Set<string>();
const acceptJob = async (request: JobRequest): Promise<void> => {
  acceptedThisRun.add(`agent-${request.id}`);
  await request.accept('', '', '', { [WORKER_ATTRIBUTE]: config.workerId });
};
const sweeper = new DeadJobSweeper(liveKitAgentRemover(config.livekit.url, config.livekit.apiKey, config.livekit.apiSecret), {
  info: (detail, message) => log().info(detail, message),
  warn: (detail, message) => log().warn(detail, message),
});
// The health endpoint tells when this run is registered; with a random port (0) the first load report does.
const healthHost = config.health.host === '0.0.0.0' || config.health.host === '::' ? '127.0.0.1' : config.health.host;
if (config.health.port !== 0) {
  void sweepPreviousRunOnceRegistered({ healthUrl: `http://${healthHost.includes(':') ? `[${healthHost}]` : healthHost}:${config.health.port}/`, sweeper, workerId: config.workerId, acceptedThisRun: () => acceptedThisRun });
}

const capacity = (worker: AgentServer): CapacityAnnouncer =>
  new CapacityAnnouncer(config.maxConversations, (load, availability) => {
    const status = availability === 'full' ? WorkerStatus.WS_FULL : WorkerStatus.WS_AVAILABLE;
    worker.event.emit('worker_msg', new WorkerMessage({ message: { case: 'updateWorker', value: { load, status } } }));
  });
let announcer: CapacityAnnouncer | undefined;
let draining = false;
// The framework drains on these (production mode); a draining worker must look full to LiveKit.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    draining = true;
    announcer?.stop();
  });
}
const loadFunc = watchingWorker<AgentServer>(
  conversationLoad(config.maxConversations),
  (worker) => {
    void sweeper.observe(runningAgents(worker));
    announcer?.observe(worker);
  },
  {
    onFirstLook: (worker) => {
      announcer = capacity(worker);
      if (draining) announcer.stop();
      if (config.health.port === 0) void sweeper.sweepPreviousRun(config.workerId, runningAgents(worker));
    },
  },
);

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
    initializeProcessTimeout: config.jobInitTimeoutMs,
    requestFunc: acceptJob,
    loadFunc,
    loadThreshold: FULL_LOAD,
    drainTimeout: config.drainTimeoutMs,
    // An idle job process asked to close during a drain sometimes never acknowledges; the
    // framework's 60 s wait for it would hold the drained worker that long.
    shutdownProcessTimeout: config.processCloseTimeoutMs,
    maxRetry: config.reconnectAttempts,
  }),
);
