import { randomUUID } from 'node:crypto';
import type { Room } from '@livekit/rtc-node';
import { TOPIC_TRANSCRIPTION } from '@parley/protocol';

export const NO_LANGUAGE_MODEL_NOTICE =
  'No language model is configured, so I am in echo mode: I will repeat what I understood. Set PARLEY_LLM to use a real model.';

/** The notice when the local model was wanted but could not be used (missing, truncated, corrupt). */
export const LOCAL_MODEL_UNAVAILABLE_NOTICE =
  'The local language model could not be loaded, so I am in echo mode: I will repeat what I understood. The agent log says why; `bash scripts/setup.sh` reinstalls the model.';

/**
 * Shows a line from the agent in the page's transcript without speaking it (an agent transcript
 * segment on lk.transcription), e.g. to say it runs without a language model.
 */
export async function showAgentNotice(room: Room, text: string): Promise<void> {
  const local = room.localParticipant;
  if (!local) return;
  await local.sendText(text, {
    topic: TOPIC_TRANSCRIPTION,
    attributes: { 'lk.segment_id': `notice-${randomUUID()}`, 'lk.transcription_final': 'true' },
  });
}
