import { resumeContextSchema, type LlmProviderName, type ProviderName, type ProviderSlot, type ResumeContext, type SttProviderName, type TtsProviderName } from '@parley/protocol';
import { z } from 'zod';
import type { AgentConfig } from './config.js';

/** `SessionDispatchMetadata` from the cross-team contract; the API validates it before dispatch. */
const sessionOptionsSchema = z.object({
  instructions: z.string().max(4000).optional(),
  voice: z.string().max(64).optional(),
  llm: z.string().optional(),
  stt: z.string().optional(),
  tts: z.string().optional(),
  vision: z.boolean().optional(),
});
const dispatchMetadataSchema = z.object({
  sessionId: z.string().min(1),
  options: sessionOptionsSchema.default({}),
  // The session's credential for its event reports; a malformed one means no reports, not no session.
  reportKey: z.string().min(32).max(128).optional().catch(undefined),
  // A malformed history means a fresh start, not no session.
  resume: resumeContextSchema.optional().catch(undefined),
});

export type SessionOptions = z.infer<typeof sessionOptionsSchema>;

export interface ResolvedSession {
  sessionId: string | null;
  /** The session's report key (a secret: never log it); null when the API sent none. */
  reportKey: string | null;
  options: SessionOptions;
  llm: LlmProviderName;
  stt: SttProviderName;
  tts: TtsProviderName;
  instructions: string;
  voice: string | undefined;
  /** Requests this deployment does not allow, for a log line (the defaults are used instead). */
  refused: string[];
  /** Set when this agent replaces one that died: the conversation so far. */
  resume: ResumeContext | null;
}

// Short on purpose: a local model evaluates every token of it (with the tools) before its first answer.
export const DEFAULT_INSTRUCTIONS =
  'You are Parley, a helpful voice assistant. What you write is spoken aloud: answer in one or two short sentences ' +
  'of plain words, with no lists, markdown or emoji, and say numbers and times the way a person would. ' +
  "Call a tool for the current time or date, for any arithmetic, for timers and reminders, and to look at the user's screen; " +
  'never guess those. If you cannot do something, say so in a few words.';

/** Whether this job process can run an offered provider (ProviderSelection.offered); see providerAvailability. */
export type ProviderAvailability = (slot: ProviderSlot, name: string) => boolean;

/**
 * Reads the job's dispatch metadata and settles the providers for this conversation: what the
 * session asks for when the server allows it (an offered one when `available` says it can run
 * here), the server's defaults otherwise. Metadata that is missing or malformed (e.g. a dispatch
 * from a plain token) means defaults.
 */
export function resolveSession(metadata: string | undefined, config: AgentConfig, available: ProviderAvailability): ResolvedSession {
  let parsed: z.infer<typeof dispatchMetadataSchema> | null = null;
  if (metadata !== undefined && metadata.trim() !== '') {
    try {
      const result = dispatchMetadataSchema.safeParse(JSON.parse(metadata));
      if (result.success) parsed = result.data;
    } catch {
      parsed = null;
    }
  }
  const options = parsed?.options ?? {};
  const { allowed, offered } = config.providers;
  const refused: string[] = [];

  const pick = <S extends ProviderSlot>(slot: S, requested: string | undefined, fallback: ProviderName<S>): ProviderName<S> => {
    if (requested === undefined) return fallback;
    const choices = [...allowed[slot], ...offered[slot].filter((name) => available(slot, name))];
    const match = choices.find((choice) => choice === requested);
    if (match === undefined) refused.push(`${slot}=${requested}`);
    return match ?? fallback;
  };

  const instructions = options.instructions?.trim() ? `${DEFAULT_INSTRUCTIONS}\n\n${options.instructions.trim()}` : DEFAULT_INSTRUCTIONS;
  return {
    sessionId: parsed?.sessionId ?? null,
    reportKey: parsed?.reportKey ?? null,
    options,
    // The worker settles PARLEY_LLM=auto before any job starts (settle-runtime.ts); unsettled means no model.
    llm: pick('llm', options.llm, config.providers.llm ?? 'echo'),
    // The worker settles PARLEY_STT=auto before any job starts (settle-runtime.ts); unsettled means the plain local recognizer.
    stt: pick('stt', options.stt, config.providers.stt ?? 'pocketsphinx'),
    tts: pick('tts', options.tts, config.providers.tts),
    instructions,
    voice: options.voice,
    refused,
    resume: parsed?.resume ?? null,
  };
}
