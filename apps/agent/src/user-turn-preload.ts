import type { llm, voice } from '@livekit/agents';

/** A brain that can evaluate the user's words so far ahead of their request (the local model). */
export interface UserTurnPreloader {
  preloadUserTurn(chatCtx: llm.ChatContext, wordsSoFar: string, toolCtx?: llm.ToolContext): Promise<void>;
}

/** What the handler needs of the session (AgentSession has it). */
export interface PreloadingSession {
  readonly agentState: voice.AgentState;
  readonly currentAgent: { readonly chatCtx: llm.ChatContext; readonly toolCtx: llm.ToolContext };
}

/**
 * Hands each interim transcript to the brain while the agent is listening, so the question is
 * mostly evaluated by the time its last word is transcribed. While the agent speaks, the chat does
 * not yet hold what it is saying, so a preload then would be evaluated after the wrong text.
 */
export function preloadUserTurnWhileSpeaking(session: PreloadingSession, brain: UserTurnPreloader): (event: voice.UserInputTranscribedEvent) => void {
  return (event) => {
    if (event.isFinal || event.transcript.trim() === '' || session.agentState !== 'listening') return;
    const agent = session.currentAgent;
    void brain.preloadUserTurn(agent.chatCtx, event.transcript, agent.toolCtx);
  };
}
