import { defineAgent, log, voice, type JobContext, type JobProcess } from '@livekit/agents';
import { TOPIC_TURN_METRICS } from '@parley/protocol';
import { loadAgentConfig } from './config.js';
import { AGENT_INSTRUCTIONS, createAgentSession, startLocalEngines, type LocalEngines } from './session-factory.js';
import { TurnMetricsTracker } from './turn-metrics.js';
// [issue 5 vision hook] the agent sees the shared screen and camera (apps/agent/src/vision).
import { ScreenReader, VisionAgent, VisionController } from './vision/index.js';

interface ProcessData extends Record<string, unknown> {
  engines?: LocalEngines;
  screenReader?: ScreenReader; // [issue 5 vision hook]
}

const encoder = new TextEncoder();

export default defineAgent<ProcessData>({
  // Runs once per job process before any job: model loads stay off the first turn's latency.
  prewarm: async (proc: JobProcess<ProcessData>) => {
    // [issue 5 vision hook] the OCR worker warms up alongside the speech engines.
    [proc.userData.engines, proc.userData.screenReader] = await Promise.all([startLocalEngines(loadAgentConfig()), ScreenReader.create()]);
  },
  entry: async (ctx: JobContext<ProcessData>) => {
    const logger = log().child({ room: ctx.job.room?.name, jobId: ctx.job.id });
    const config = loadAgentConfig();
    const engines = ctx.proc.userData.engines ?? (await startLocalEngines(config));
    await ctx.connect();

    const session = createAgentSession(config, engines);
    // [issue 5 vision hook]
    const vision = new VisionController(ctx.proc.userData.screenReader ?? (await ScreenReader.create()));
    vision.start(ctx.room, session);
    const tracker = new TurnMetricsTracker();

    session.on(voice.AgentSessionEventTypes.ConversationItemAdded, (event) => {
      if (event.item.type !== 'message') return;
      const turn = tracker.observe(event.item);
      if (turn === null) return;
      logger.info({ turn }, 'turn completed');
      const local = ctx.room.localParticipant;
      if (!local) return;
      local.publishData(encoder.encode(JSON.stringify(turn)), { reliable: true, topic: TOPIC_TURN_METRICS }).catch((error: unknown) => {
        logger.warn({ error: String(error) }, 'could not publish turn metrics');
      });
    });
    session.on(voice.AgentSessionEventTypes.Error, (event) => {
      logger.error({ source: event.source?.constructor?.name, error: String(event.error) }, 'session error');
    });
    session.on(voice.AgentSessionEventTypes.Close, (event) => {
      logger.info({ reason: event.reason }, 'session closed');
      ctx.shutdown(String(event.reason));
    });
    ctx.addShutdownCallback(async () => {
      await Promise.allSettled([engines.stt.close(), engines.tts.close(), vision.close()]); // [issue 5 vision hook] vision.close()
    });

    // [issue 5 vision hook] VisionAgent = voice.Agent + look_at_screen tool + llmNode that attaches what the agent sees.
    await session.start({ agent: new VisionAgent({ instructions: AGENT_INSTRUCTIONS, vision }), room: ctx.room });
  },
});
