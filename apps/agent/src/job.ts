import { defineAgent, log, voice, type JobContext, type JobProcess } from '@livekit/agents';
import { TOPIC_TURN_METRICS, type TurnMetrics } from '@parley/protocol';
import type { AgentConfig } from './config.js';
import { LOCAL_MODEL_UNAVAILABLE_NOTICE, NO_LANGUAGE_MODEL_NOTICE, showAgentNotice } from './conversation-notice.js';
import { createConversationPipeline, listenToConversation } from './conversation-pipeline.js';
import { closeLocalEngines, loadLocalModelOnDemand, providerAvailability, startLocalEngines, type LocalEngines } from './session-factory.js';
import { resolveSession, type ResolvedSession } from './session-options.js';
import { ConversationScheduler, createTools } from './tools/index.js';
import { ConversationAgent } from './conversation-agent.js';
import { sessionReport, sessionReporterFor } from './session-reporter.js';
import { attachesImages, LazyScreenReader, VisionAgent, VisionController } from './vision/index.js';
import { linkUp, watchForLostUsers } from './lost-user.js';
import { waitForPersonAudio } from './person-audio.js';
import { RESUME_NOTICE, resumedChatContext } from './resume.js';
import { inheritedRuntime } from './runtime.js';

interface ProcessData extends Record<string, unknown> {
  engines?: LocalEngines;
}

type Logger = ReturnType<typeof log>;

const encoder = new TextEncoder();
/** How long a closing session waits for its last events to reach the API before leaving the room. */
const REPORT_FLUSH_ON_CLOSE_MS = 2_000;

/** Publishes a finished turn's latency breakdown on the room's metrics topic. */
function publishTurnMetrics(ctx: JobContext<ProcessData>, turn: TurnMetrics, logger: Logger): void {
  const local = ctx.room.localParticipant;
  if (!local) return;
  local.publishData(encoder.encode(JSON.stringify(turn)), { reliable: true, topic: TOPIC_TURN_METRICS }).catch((error: unknown) => {
    logger.warn({ error: String(error) }, 'could not publish turn metrics');
  });
}

/** Tells the user, in speech or in the transcript, what kind of assistant they reached. */
async function greet(ctx: JobContext<ProcessData>, session: voice.AgentSession, config: AgentConfig, resolved: ResolvedSession, localModelFailed: boolean, logger: Logger): Promise<void> {
  if (resolved.llm === 'echo') {
    logger.warn(localModelFailed ? 'the local model could not be loaded: the agent repeats what it hears' : 'no language model configured (PARLEY_LLM=echo): the agent repeats what it hears');
    const notice = localModelFailed ? LOCAL_MODEL_UNAVAILABLE_NOTICE : NO_LANGUAGE_MODEL_NOTICE;
    await showAgentNotice(ctx.room, notice).catch((error: unknown) => logger.warn({ error: String(error) }, 'could not show the echo-mode notice'));
  }
  if (config.greeting !== undefined) session.say(config.greeting, { allowInterruptions: true });
}

export default defineAgent<ProcessData>({
  // Runs once per job process before any job: model loads stay off the first turn's latency.
  prewarm: async (proc: JobProcess<ProcessData>) => {
    proc.userData.engines = await startLocalEngines(inheritedRuntime());
  },
  entry: async (ctx: JobContext<ProcessData>) => {
    const logger = log().child({ room: ctx.job.room?.name, jobId: ctx.job.id });
    const runtime = inheritedRuntime();
    const { config } = runtime;
    const engines = ctx.proc.userData.engines ?? (await startLocalEngines(runtime));
    const requested = resolveSession(ctx.job.metadata, config, providerAvailability(engines));
    if (requested.llm === 'local') await loadLocalModelOnDemand(config, engines);
    // A model file that passed the start-up checks can still fail to load (corrupt): echo, and say so.
    const localModelFailed = requested.llm === 'local' && engines.llama === null;
    const resolved: ResolvedSession = localModelFailed ? { ...requested, llm: 'echo' } : requested;
    if (localModelFailed) logger.error({ problem: engines.llamaProblem }, 'local language model unavailable; using the echo brain');
    if (resolved.refused.length > 0) logger.warn({ refused: resolved.refused }, 'session asked for providers this server does not allow; using defaults');
    logger.info(
      { sessionId: resolved.sessionId, llm: resolved.llm, stt: resolved.stt, tts: resolved.tts, resumeAttempt: resolved.resume?.attempt ?? null },
      resolved.resume ? 'providers for this session (taking over from an agent that died)' : 'providers for this session',
    );
    // Transcript, turns and lifecycle go to the API; reporting never blocks the conversation.
    const reporter = sessionReporterFor(resolved.sessionId, resolved.reportKey, logger, config.apiUrl, {
      jobId: ctx.job.id,
      // A second job for this session (its slow dispatch was given up and tried again) leaves to the first.
      onSuperseded: () => ctx.shutdown('another agent has this session'),
    });
    if (!reporter && resolved.sessionId !== null) logger.warn({ sessionId: resolved.sessionId }, 'no report key or PARLEY_API_URL for this session: its transcript is not sent to the API');
    await ctx.connect();
    // Runs while the session is built: "listening" must not come before the person's audio does.
    const heardPerson = waitForPersonAudio(ctx.room);
    // Watch from the moment the agent is in the room: a beat sent before the session starts still counts.
    if (config.lostUserTimeoutMs > 0) {
      const stopWatching = watchForLostUsers(ctx.room, {
        lostTimeoutMs: config.lostUserTimeoutMs,
        onLeave: ({ reason, silentForMs }) => {
          logger.info({ reason, silentForMs }, 'nobody left to talk to: leaving to free the slot');
          const why = reason === 'unreachable' ? 'user connection lost' : 'everyone left';
          // The API must hear that this agent left on purpose before LiveKit tells it the agent is
          // gone; otherwise it would send a replacement to a person who is not there.
          reporter?.report({ type: 'ended', at: new Date().toISOString(), reason: why });
          void (reporter?.close(REPORT_FLUSH_ON_CLOSE_MS) ?? Promise.resolve()).finally(() => ctx.shutdown(why));
        },
      });
      ctx.addShutdownCallback(async () => stopWatching());
    }

    const pipeline = createConversationPipeline(config, engines, resolved);
    const { session } = pipeline;
    const scheduler = new ConversationScheduler();
    const tools = createTools({
      timezone: config.timezone,
      now: () => new Date(),
      announce: (text) => {
        session.say(text, { allowInterruptions: true });
      },
      schedule: (delayMs, callback) => scheduler.schedule(delayMs, callback),
    });

    // VisionAgent = voice.Agent + the look_at_screen tool + an llmNode that adds what the agent sees.
    const vision =
      resolved.options.vision === false
        ? null
        : new VisionController(new LazyScreenReader(), { attachImages: attachesImages(resolved.llm, config.visionImages), compactContext: resolved.llm === 'local' });
    // The turn's listeners, in order (conversation-pipeline.ts).
    listenToConversation(pipeline, {
      logger,
      vision,
      report: reporter ? sessionReport(reporter, { room: ctx.job.room?.name ?? '', jobId: ctx.job.id }, () => !linkUp(ctx.room)) : null,
      publishTurn: (turn) => publishTurnMetrics(ctx, turn, logger),
      onClose: (event) => {
        logger.info({ reason: event.reason, ownLinkUp: linkUp(ctx.room) }, 'session closed');
        // Deliver the last lines (and the end) before leaving the room: once the agent has left, a
        // webhook may close the session and the API refuses its later events.
        void (reporter?.close(REPORT_FLUSH_ON_CLOSE_MS) ?? Promise.resolve()).finally(() => ctx.shutdown(String(event.reason)));
      },
    });
    ctx.addShutdownCallback(async () => reporter?.close());
    ctx.addShutdownCallback(async () => {
      scheduler.cancelAll();
      await Promise.allSettled([pipeline.close(), closeLocalEngines(engines)]);
    });
    vision?.start(ctx.room);
    if (vision) ctx.addShutdownCallback(async () => vision.close());
    const chatCtx = resumedChatContext(resolved.resume);
    const agent = vision
      ? new VisionAgent({ instructions: resolved.instructions, tools, vision, screenTextLayout: resolved.llm === 'local' ? 'plain' : 'positions', ...(chatCtx ? { chatCtx } : {}) })
      : new ConversationAgent({ instructions: resolved.instructions, tools, ...(chatCtx ? { chatCtx } : {}) });
    const personAudio = await heardPerson;
    logger.info(personAudio, personAudio.outcome === 'audio' ? 'audio from the person reaches the agent' : 'starting without audio from the person');
    await session.start({ agent, room: ctx.room, ...(pipeline.inputSampleRate ? { inputOptions: { audioSampleRate: pipeline.inputSampleRate } } : {}) });
    if (resolved.resume) {
      const gapMs = Date.now() - new Date(resolved.resume.lostAt).getTime();
      logger.info({ gapMs, historyEntries: resolved.resume.history.length, attempt: resolved.resume.attempt }, 'took over the conversation');
      session.say(RESUME_NOTICE, { allowInterruptions: true });
    } else {
      await greet(ctx, session, config, resolved, localModelFailed, logger);
    }
  },
});
