import { WebhookReceiver } from 'livekit-server-sdk';
import { isAgentParticipant } from './rooms.js';

/** What a verified LiveKit webhook means for our session records. */
export type WebhookAction = { kind: 'close-room-sessions'; room: string; reason: string } | { kind: 'ignore'; event: string };

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
      if (event.event === 'room_finished' && room) return { kind: 'close-room-sessions', room, reason: 'room-finished' };
      if (event.event === 'participant_left' && room && event.participant && isAgentParticipant(event.participant)) {
        return { kind: 'close-room-sessions', room, reason: 'agent-left' };
      }
      return { kind: 'ignore', event: event.event };
    },
  };
}
