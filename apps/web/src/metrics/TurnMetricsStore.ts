import { RoomEvent, type Room } from 'livekit-client';
import { TOPIC_TURN_METRICS, type TurnMetrics } from '@parley/protocol';
import { ExternalStore } from '../lib/externalStore';

const MAX_TURNS = 100;
const decoder = new TextDecoder();

function isTurnMetrics(value: unknown): value is TurnMetrics {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const optionalNumber = (key: string) => v[key] === null || typeof v[key] === 'number';
  return (
    typeof v.turnId === 'string' &&
    typeof v.userSpeechEndedAt === 'number' &&
    ['endOfUtteranceMs', 'transcriptionMs', 'llmFirstTokenMs', 'ttsFirstByteMs', 'endToEndMs'].every(optionalNumber)
  );
}

/** Per-turn latency reports the agent publishes as JSON on the `parley.turn-metrics` data topic. */
export class TurnMetricsStore extends ExternalStore<readonly TurnMetrics[]> {
  constructor() {
    super([]);
  }

  attach(room: Room): () => void {
    const onData = (payload: Uint8Array, _participant: unknown, _kind: unknown, topic?: string) => {
      if (topic !== TOPIC_TURN_METRICS) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(decoder.decode(payload));
      } catch {
        console.warn('[parley] ignoring turn metrics that are not JSON');
        return;
      }
      if (!isTurnMetrics(parsed)) {
        console.warn('[parley] ignoring malformed turn metrics', parsed);
        return;
      }
      const turns = this.getSnapshot().filter((t) => t.turnId !== parsed.turnId);
      this.set([...turns, parsed].slice(-MAX_TURNS));
    };
    room.on(RoomEvent.DataReceived, onData);
    return () => {
      room.off(RoomEvent.DataReceived, onData);
    };
  }
}
