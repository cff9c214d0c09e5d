import {
  ConnectionError,
  ConnectionErrorReason,
  DefaultReconnectPolicy,
  DisconnectReason,
  RoomEvent,
  type ReconnectContext,
  type ReconnectPolicy,
  type Room,
} from 'livekit-client';
import type { TokenResponse } from '@parley/protocol';
import { ApiRequestError } from '../api/client';
import { ExternalStore } from '../lib/externalStore';
import { rejoinDelayMs } from './backoff';

/**
 * What the user sees about the link to the server:
 * - `livekit`: livekit-client is resuming/reconnecting by itself (network blip, server restart);
 * - `rejoin`: it gave up, and we fetch a fresh token (which re-dispatches the agent) and rejoin.
 */
export type LinkState =
  | { kind: 'connected' }
  | { kind: 'reconnecting'; by: 'livekit' | 'rejoin'; attempt: number; lastError?: string }
  | { kind: 'failed'; message: string };

/** Reasons after which rejoining would be wrong: the user left, or the server removed us on purpose. */
const FINAL_REASONS = new Set<DisconnectReason>([
  DisconnectReason.CLIENT_INITIATED,
  DisconnectReason.DUPLICATE_IDENTITY,
  DisconnectReason.PARTICIPANT_REMOVED,
  DisconnectReason.ROOM_DELETED,
]);

/**
 * How long livekit-client may retry its own server before the link asks the API for a fresh token.
 * In a LiveKit cluster the server may be a node that died: its retries would take ≈ 40 s to give
 * up, while the API's next token names a live node (and re-dispatches the agent if it is gone).
 * A blip shorter than this is still resumed by livekit-client without a rejoin.
 */
export const SDK_RECONNECT_GRACE_MS = 3_000;

/** Reports livekit-client's own retry count to the link; keeps its default delays for the first few seconds. */
export class ObservedReconnectPolicy implements ReconnectPolicy {
  private readonly inner = new DefaultReconnectPolicy();
  onAttempt: (attempt: number) => void = () => undefined;

  constructor(private readonly graceMs: number = SDK_RECONNECT_GRACE_MS) {}

  nextRetryDelayInMs(context: ReconnectContext): number | null {
    // Giving up here ends in Disconnected, and the link rejoins with a fresh token.
    if (context.elapsedMs >= this.graceMs) return null;
    const delay = this.inner.nextRetryDelayInMs(context);
    if (delay !== null) this.onAttempt(context.retryCount + 1);
    return delay;
  }
}

export interface SessionLinkDeps {
  room: Room;
  policy: ObservedReconnectPolicy;
  /** Asks the API for a fresh token; the API dispatches the agent again if the room lost it. */
  fetchToken: () => Promise<TokenResponse>;
  /** Publishes the microphone again after a rejoin (the old track ended with the old connection). */
  republish: () => Promise<void>;
  isLeaving: () => boolean;
  log?: (message: string, detail?: unknown) => void;
}

export function rejoinErrorText(error: unknown): string {
  if (error instanceof ApiRequestError) {
    return error.kind === 'unreachable' ? 'The Parley server is not reachable.' : `The Parley server refused: ${error.message}`;
  }
  if (error instanceof ConnectionError) {
    if (error.reason === ConnectionErrorReason.NotAllowed) return 'The access token was rejected or has expired.';
    return `The media server is not reachable (${error.reasonName}).`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Keeps a call alive across network drops and server restarts. livekit-client reconnects first
 * (resume, then full rejoin with the same token); when it gives up, this rejoins the same room
 * with a fresh token, with growing delays, and reports every attempt.
 */
export class SessionLink extends ExternalStore<LinkState> {
  private stopped = false;
  private rejoining = false;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly deps: SessionLinkDeps) {
    super({ kind: 'connected' });
  }

  attach(): () => void {
    const { room, policy } = this.deps;
    policy.onAttempt = (attempt) => {
      if (!this.rejoining) this.set({ kind: 'reconnecting', by: 'livekit', attempt });
    };
    const onReconnecting = () => {
      if (!this.rejoining && this.getSnapshot().kind !== 'reconnecting') this.set({ kind: 'reconnecting', by: 'livekit', attempt: 1 });
    };
    const onReconnected = () => {
      this.set({ kind: 'connected' });
      // After a LiveKit restart the room came back empty: make sure the agent is dispatched again.
      this.deps.fetchToken().catch((error: unknown) => this.deps.log?.('could not re-dispatch the agent after reconnecting', error));
    };
    const onDisconnected = (reason?: DisconnectReason) => {
      if (this.stopped || this.rejoining || this.deps.isLeaving()) return;
      if (reason !== undefined && FINAL_REASONS.has(reason)) {
        this.set({ kind: 'failed', message: endedText(reason) });
        return;
      }
      void this.rejoin();
    };
    room.on(RoomEvent.Reconnecting, onReconnecting);
    room.on(RoomEvent.SignalReconnecting, onReconnecting);
    room.on(RoomEvent.Reconnected, onReconnected);
    room.on(RoomEvent.Disconnected, onDisconnected);
    return () => {
      this.stopped = true;
      this.wakeUp?.();
      room.off(RoomEvent.Reconnecting, onReconnecting);
      room.off(RoomEvent.SignalReconnecting, onReconnecting);
      room.off(RoomEvent.Reconnected, onReconnected);
      room.off(RoomEvent.Disconnected, onDisconnected);
    };
  }

  /** Skips the remaining wait before the next rejoin attempt ("Try now"). */
  retryNow(): void {
    this.wakeUp?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async rejoin(): Promise<void> {
    this.rejoining = true;
    let lastError = '';
    try {
      for (let attempt = 1; ; attempt++) {
        const delay = rejoinDelayMs(attempt);
        if (delay === null) break;
        this.set({ kind: 'reconnecting', by: 'rejoin', attempt, ...(lastError ? { lastError } : {}) });
        await this.sleep(delay);
        if (this.stopped || this.deps.isLeaving()) return;
        try {
          const token = await this.deps.fetchToken();
          await this.deps.room.connect(token.serverUrl, token.token);
          await this.deps.republish();
          this.deps.log?.(`rejoined after ${attempt} attempt(s)`);
          this.set({ kind: 'connected' });
          return;
        } catch (error) {
          lastError = rejoinErrorText(error);
          this.deps.log?.(`rejoin attempt ${attempt} failed`, error);
          // A half-open connection must not linger into the next attempt.
          await this.deps.room.disconnect().catch(() => undefined);
        }
      }
      this.set({ kind: 'failed', message: `Lost the connection and could not get it back. ${lastError}`.trim() });
    } finally {
      this.rejoining = false;
    }
  }
}

function endedText(reason: DisconnectReason): string {
  switch (reason) {
    case DisconnectReason.DUPLICATE_IDENTITY:
      return 'This call was opened in another tab, so it ended here.';
    case DisconnectReason.PARTICIPANT_REMOVED:
      return 'You were removed from the call.';
    case DisconnectReason.ROOM_DELETED:
      return 'The room was closed by the server.';
    default:
      return `The call ended (${DisconnectReason[reason] ?? reason}).`;
  }
}
