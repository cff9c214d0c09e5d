import { randomBytes } from 'node:crypto';
import { createRoomRequestSchema, type RoomResponse, type RoomStatusResponse } from '@parley/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readableTenant } from '../auth.js';
import { HttpError, validationError } from '../errors.js';
import type { Guard } from '../guard.js';
import type { RoomGateway } from '../livekit/rooms.js';
import { roomParam } from '../params.js';
import { describeError } from '../redact.js';
import type { SessionService } from '../sessions.js';
import type { Store } from '../store/types.js';

export interface RoomRoutesOptions {
  guard: Guard;
  sessions: SessionService;
  rooms: RoomGateway;
  store: Store;
}

const generatedRoomName = (): string => `room-${randomBytes(6).toString('hex')}`;

/** What the room routes do, shared by `/api/rooms…` and the seed aliases (routes/seed-aliases.ts). */
export interface RoomHandlers {
  /**
   * `readBody` gives the body in Parley's shape (`{ name? }`, absent for a generated name), read only
   * after the guard; answers 201 when the room is new, 200 when it already was the caller's.
   */
  create(request: FastifyRequest, reply: FastifyReply, readBody: () => unknown): Promise<RoomResponse>;
  /** Reads the room named by the `room` path parameter. */
  status(request: FastifyRequest, reply: FastifyReply): Promise<RoomStatusResponse>;
}

export function roomHandlers(options: RoomRoutesOptions): RoomHandlers {
  const create = async (request: FastifyRequest, reply: FastifyReply, readBody: () => unknown): Promise<RoomResponse> => {
    const caller = await options.guard(request, reply);
    // An absent body means "make me a room"; anything sent must be a valid request.
    const sent = readBody();
    const body = sent === undefined ? {} : sent;
    const parsed = createRoomRequestSchema.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error, body);
    const name = parsed.data.name ?? generatedRoomName();
    const result = await options.sessions.claimRoom(caller.tenant, name).catch((error: unknown) => {
      // Room names are global in LiveKit; saying "not found" on create would be nonsense.
      if (error instanceof HttpError && error.statusCode === 404) throw new HttpError(409, 'room name is not available; choose another');
      throw error;
    });
    try {
      await options.rooms.ensureRoom(name);
    } catch (error) {
      request.log.error({ error: describeError(error), room: name }, 'could not create the room in LiveKit');
      throw new HttpError(502, 'could not create the room in LiveKit');
    }
    reply.status(result.created ? 201 : 200);
    return { name, createdAt: result.room.createdAt, created: result.created };
  };

  const status = async (request: FastifyRequest, reply: FastifyReply): Promise<RoomStatusResponse> => {
    const caller = await options.guard(request, reply);
    const name = roomParam(request.params);
    const room = await options.sessions.ownedRoom(readableTenant(caller), name);
    let status: Awaited<ReturnType<RoomGateway['status']>>;
    try {
      status = await options.rooms.status(name);
    } catch (error) {
      request.log.error({ error: describeError(error), room: name }, 'could not read the room from LiveKit');
      throw new HttpError(502, 'could not reach LiveKit to read the room');
    }
    const agent = status.participants.find((participant) => participant.kind === 'agent');
    const active = await options.store.activeSessionInRoom(name);
    reply.header('cache-control', 'no-store');
    return {
      name,
      createdAt: room.createdAt,
      live: status.live,
      participants: status.participants,
      agent: { present: agent !== undefined, state: agent?.agentState ?? null },
      activeSessionId: active?.id ?? null,
      queue: active ? await options.sessions.queue.status(active.id) : null,
    };
  };

  return { create, status };
}

export function registerRoomRoutes(app: FastifyInstance, handlers: RoomHandlers): void {
  app.post('/api/rooms', (request, reply) => handlers.create(request, reply, () => request.body));
  app.get('/api/rooms/:room', (request, reply) => handlers.status(request, reply));
}
