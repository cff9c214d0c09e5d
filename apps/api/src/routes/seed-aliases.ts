import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  CREATE_ROOM_FIELDS,
  inSeedTerms,
  PATH_PARAM_NAMES,
  type SeedRoom,
  type SeedRoomStatus,
  type SeedSession,
  type SeedToken,
  TOKEN_FIELDS,
  toParleyBody,
  toSeedRoom,
  toSeedRoomStatus,
  toSeedSession,
  toSeedToken,
} from '../seed-shapes.js';
import type { HealthHandler } from './health.js';
import type { RoomHandlers } from './rooms.js';
import type { SessionHandlers } from './sessions.js';
import type { TokenHandler } from './token.js';

/**
 * The routes of Parley's seed projects, for the clients written against them: a token server's
 * `/api/create-room` and `/api/generate-token` (its `/api/health` is Parley's own), and an agent
 * backend's `/livekit/…` room and session API. Each alias calls the very handler of the Parley
 * route it stands for (same auth, rate limit, validation and errors) and only renames fields
 * (seed-shapes.ts). Path parameters keep Parley's names (`:room`, `:id`) so those handlers read them.
 */
export interface SeedAliasHandlers {
  health: HealthHandler;
  token: TokenHandler;
  rooms: RoomHandlers;
  sessions: SessionHandlers;
}

/** Runs a Parley handler, reporting its errors with the client's field names. */
async function inSeedNames<T>(reportAs: ReadonlyMap<string, string>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw inSeedTerms(error, reportAs);
  }
}

export function registerSeedAliasRoutes(app: FastifyInstance, handlers: SeedAliasHandlers): void {
  const { rooms, sessions } = handlers;

  const createRoom = async (request: FastifyRequest, reply: FastifyReply): Promise<SeedRoom> => {
    const adapted = toParleyBody(request.body, CREATE_ROOM_FIELDS);
    return toSeedRoom(await inSeedNames(adapted.reportAs, () => rooms.create(request, reply, adapted.read)));
  };

  // Token server seed.
  app.post('/api/create-room', createRoom);
  app.post('/api/generate-token', async (request, reply): Promise<SeedToken> => {
    const adapted = toParleyBody(request.body, TOKEN_FIELDS);
    return toSeedToken(await inSeedNames(adapted.reportAs, () => handlers.token(request, reply, adapted.read)));
  });

  // Agent backend seed.
  app.post('/livekit/rooms', createRoom);
  app.get('/livekit/rooms/:room/status', async (request, reply): Promise<SeedRoomStatus> =>
    toSeedRoomStatus(await inSeedNames(PATH_PARAM_NAMES, () => rooms.status(request, reply))),
  );
  // "Bring the AI into the room": idempotent, so an agent already there is answered (200), not refused.
  app.post('/livekit/rooms/:room/join', async (request, reply): Promise<SeedSession> =>
    toSeedSession(await inSeedNames(PATH_PARAM_NAMES, () => sessions.start(request, reply, { reuseActive: true }))),
  );
  app.post('/livekit/rooms/:room/sessions', async (request, reply): Promise<SeedSession> =>
    toSeedSession(await inSeedNames(PATH_PARAM_NAMES, () => sessions.start(request, reply, { reuseActive: false }))),
  );
  app.delete('/livekit/rooms/:room/sessions/:id', async (request, reply): Promise<SeedSession> =>
    toSeedSession(await inSeedNames(PATH_PARAM_NAMES, () => sessions.end(request, reply))),
  );
  app.get('/livekit/sessions', async (request, reply): Promise<{ sessions: SeedSession[] }> => {
    const { sessions: list } = await sessions.list(request, reply);
    return { sessions: list.map(toSeedSession) };
  });
  app.get('/livekit/health', handlers.health);
}
