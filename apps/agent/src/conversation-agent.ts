import { log, stt, voice } from '@livekit/agents';
import type { AudioFrame } from '@livekit/rtc-node';
import { BackchannelFilter } from './backchannel.js';

/**
 * The agent of every Parley conversation: the framework's Agent with acknowledgements said over
 * its voice ("mm-hmm", "yeah") kept from ending its turn (see BackchannelFilter).
 */
export class ConversationAgent extends voice.Agent {
  override async sttNode(audio: ReadableStream<AudioFrame> | AsyncIterable<AudioFrame>, modelSettings: voice.ModelSettings): Promise<ReadableStream<stt.SpeechEvent | string> | null> {
    const events = await voice.Agent.default.sttNode(this, audio, modelSettings);
    if (events === null) return null;
    const filter = new BackchannelFilter(() => this.session.agentState === 'speaking');
    return events.pipeThrough(
      new TransformStream<stt.SpeechEvent | string, stt.SpeechEvent | string>({
        transform(event, controller) {
          if (typeof event === 'string' || filter.admit(event)) {
            controller.enqueue(event);
            return;
          }
          // The count only, never the words: they are the user's.
          if (event.type === stt.SpeechEventType.FINAL_TRANSCRIPT) log().info({ acknowledgements: filter.dropped }, "an acknowledgement over the agent's voice: its turn goes on");
        },
      }),
    );
  }
}
