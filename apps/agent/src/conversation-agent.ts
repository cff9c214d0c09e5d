import type { Transformer } from 'node:stream/web';
import { log, stt, voice } from '@livekit/agents';
import type { AudioFrame } from '@livekit/rtc-node';
import { BackchannelFilter } from './backchannel.js';

/** How recently the agent must have been speaking for a sound to count as over its voice. */
const SPEAKING_GRACE_MS = 400;

/**
 * The agent of every Parley conversation: the framework's Agent with acknowledgements said over
 * its voice ("mm-hmm", "yeah") kept from ending its turn (see BackchannelFilter).
 */
export class ConversationAgent extends voice.Agent {
  override async sttNode(audio: ReadableStream<AudioFrame> | AsyncIterable<AudioFrame>, modelSettings: voice.ModelSettings): Promise<ReadableStream<stt.SpeechEvent | string> | null> {
    const events = await voice.Agent.default.sttNode(this, audio, modelSettings);
    if (events === null) return null;
    const session = this.session;
    // The framework pauses the voice (state 'listening') as soon as the user makes a sound, which
    // can come before the recognizer reports the start of speech: a moment ago counts as speaking.
    let lastSpokeAt = session.agentState === 'speaking' ? Date.now() : 0;
    const onState = (event: voice.AgentStateChangedEvent): void => {
      if (event.oldState === 'speaking' || event.newState === 'speaking') lastSpokeAt = Date.now();
    };
    session.on(voice.AgentSessionEventTypes.AgentStateChanged, onState);
    const stopWatching = (): void => {
      session.off(voice.AgentSessionEventTypes.AgentStateChanged, onState);
    };
    const filter = new BackchannelFilter(() => session.agentState === 'speaking' || Date.now() - lastSpokeAt < SPEAKING_GRACE_MS);
    // Drained or cancelled, the stream stops watching the session. (TypeScript's DOM types lack
    // the transformer's `cancel`, which Node's streams call.)
    const backchannels: Transformer<stt.SpeechEvent | string, stt.SpeechEvent | string> & { cancel: () => void } = {
      transform(event, controller) {
        if (typeof event === 'string' || filter.admit(event)) {
          controller.enqueue(event);
          return;
        }
        // The count only, never the words: they are the user's.
        if (event.type === stt.SpeechEventType.FINAL_TRANSCRIPT) log().info({ acknowledgements: filter.dropped }, "an acknowledgement over the agent's voice: its turn goes on");
      },
      flush: stopWatching,
      cancel: stopWatching,
    };
    return events.pipeThrough(new TransformStream(backchannels));
  }
}
