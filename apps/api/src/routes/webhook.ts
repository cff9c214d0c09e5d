import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors.js';
import type { WebhookVerifier } from '../livekit/webhooks.js';
import type { SessionService } from '../sessions.js';

const WEBHOOK_BODY_LIMIT_BYTES = 64 * 1024;

/** LiveKit's webhooks keep session records true when rooms end or agents crash. */
export async function registerWebhookRoute(app: FastifyInstance, verifier: WebhookVerifier, sessions: SessionService): Promise<void> {
  await app.register(async (scope) => {
    // The signature covers the exact bytes, so this route keeps the body as a string.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      ['application/webhook+json', 'application/json'],
      { parseAs: 'string', bodyLimit: WEBHOOK_BODY_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.post('/api/livekit/webhook', async (request, reply) => {
      if (typeof request.body !== 'string') throw new HttpError(400, 'webhook body is missing');
      const authorization = typeof request.headers.authorization === 'string' ? request.headers.authorization : undefined;
      let action;
      try {
        action = await verifier.verify(request.body, authorization);
      } catch {
        request.log.warn('rejected a webhook with a bad signature');
        throw new HttpError(401, 'webhook signature is not valid');
      }
      if (action.kind === 'agent-left') {
        const outcome = await sessions.onAgentLeft(action.room, action.identity, request.log);
        request.log.info({ room: action.room, event: action.kind, outcome: outcome.kind, sessionId: 'sessionId' in outcome ? outcome.sessionId : null }, 'webhook processed');
      } else if (action.kind === 'room-finished') {
        const closed = await sessions.closeOnRoomFinished(action.room, action.finishedAt);
        request.log.info({ room: action.room, event: action.kind, sessionId: closed }, 'webhook processed');
      }
      return reply.status(200).send({ ok: true });
    });
  });
}
