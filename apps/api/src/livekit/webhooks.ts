import { WebhookReceiver } from 'livekit-server-sdk';
import { isAgentParticipant } from './rooms.js';

/**
 * What a verified LiveKit webhook means for our session records. Each carries what is needed to
 * match it to one session, never just the room: rooms are reused by later sessions.
 */
export type WebhookAction =
  /** `finishedAt`: when LiveKit sent the event (second precision), null when it did not say. */
  | { kind: 'room-finished'; room: string; finishedAt: Date | null }
  | { kind: 'agent-left'; room: string; identity: string }
  | { kind: 'ignore'; event: string };

export interface WebhookVerifier {
  /** Throws when the signature or body hash does not match. */
  verify(rawBody: string, authorization: string | undefined): Promise<WebhookAction>;
}

export function liveKitWebhookVerifier(apiKey: string, apiSecret: string): WebhookVerifier {
  const receiver = new WebhookReceiver(apiKey, apiSecret);
  return {
    async verify(rawBody, authorization) {
      const event = await receiver.receive(rawBody, authorization);
      const room = event.room?.name;
      if (event.event === 'room_finished' && room) {
        const seconds = Number(event.createdAt);
        return { kind: 'room-finished', room, finishedAt: seconds > 0 ? new Date(seconds * 1000) : null };
      }
      if (event.event === 'participant_left' && room && event.participant && isAgentParticipant(event.participant)) {
        return { kind: 'agent-left', room, identity: event.participant.identity };
      }
      return { kind: 'ignore', event: event.event };
    },
  };
}
