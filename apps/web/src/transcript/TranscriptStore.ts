import { ConnectionState, RoomEvent, type RemoteParticipant, type Room, type TextStreamReader } from 'livekit-client';
import { TOPIC_TRANSCRIPTION } from '@parley/protocol';
import { ExternalStore } from '../lib/externalStore';

/** Text-stream attributes the agent sets on every `lk.transcription` stream. */
const ATTR_SEGMENT_ID = 'lk.segment_id';
const ATTR_TRACK_ID = 'lk.transcribed_track_id';
const ATTR_FINAL = 'lk.transcription_final';

/** `notice`: a line from the page itself (the agent dropped out, it is back). */
export type Speaker = 'user' | 'agent' | 'notice';

export interface TranscriptEntry {
  /** Segment id (stable across interim updates), or the stream id when the sender set none. */
  id: string;
  speaker: Speaker;
  /** Whose speech this is (the agent sends user transcripts on the user's behalf). */
  participantIdentity: string;
  text: string;
  /** False while the words may still change (interim STT result, agent still speaking). */
  final: boolean;
  source: 'voice' | 'chat';
  /** Local clock, ms since epoch, when the first text of this entry arrived. */
  startedAt: number;
  updatedAt: number;
}

/**
 * Collects both sides of the conversation from the `lk.transcription` text-stream topic.
 *
 * How the agent sends them (LiveKit Agents room I/O):
 * - user speech: one short stream per STT update, all sharing `lk.segment_id`; each carries the
 *   full text so far, and the last one has `lk.transcription_final: "true"`.
 * - agent speech: one delta stream per segment, text appended as it is spoken; the final flag
 *   may come in the stream trailer, or not at all, so the end of an agent stream ends the segment.
 *
 * Register it on the room BEFORE connecting so the agent's greeting is never missed.
 */
export class TranscriptStore extends ExternalStore<readonly TranscriptEntry[]> {
  private room: Room | undefined;
  private chatCounter = 0;

  constructor() {
    super([]);
  }

  attach(room: Room): () => void {
    this.room = room;
    room.registerTextStreamHandler(TOPIC_TRANSCRIPTION, (reader, participantInfo) => {
      void this.consume(reader, participantInfo.identity);
    });
    // A gap in the conversation is shown where it happened: the agent dropped out, then it is back.
    let agentLostAt: number | undefined;
    const onLeft = (participant: RemoteParticipant) => {
      if (!participant.isAgent || room.state !== ConnectionState.Connected || agentLostAt !== undefined) return;
      if ([...room.remoteParticipants.values()].some((other) => other.isAgent && other.identity !== participant.identity)) return;
      agentLostAt = Date.now();
      this.addNotice('The agent dropped out. Getting it back…');
    };
    const onJoined = (participant: RemoteParticipant) => {
      if (!participant.isAgent || agentLostAt === undefined) return;
      this.addNotice(`The agent is back after ${((Date.now() - agentLostAt) / 1000).toFixed(1)} s.`);
      agentLostAt = undefined;
    };
    room.on(RoomEvent.ParticipantDisconnected, onLeft);
    room.on(RoomEvent.ParticipantConnected, onJoined);
    return () => {
      room.off(RoomEvent.ParticipantDisconnected, onLeft);
      room.off(RoomEvent.ParticipantConnected, onJoined);
      room.unregisterTextStreamHandler(TOPIC_TRANSCRIPTION);
      this.room = undefined;
    };
  }

  /** A line from the page itself, between the spoken ones. */
  addNotice(text: string): void {
    const now = Date.now();
    this.upsert(`notice-${++this.chatCounter}-${now}`, () => ({ speaker: 'notice', participantIdentity: '', text, final: true, source: 'voice', startedAt: now, updatedAt: now }));
  }

  /** Adds a message the user typed (it travels on `lk.chat`, not as a transcription). */
  addTypedMessage(identity: string, text: string): void {
    const now = Date.now();
    this.upsert(`chat-${++this.chatCounter}-${now}`, () => ({
      speaker: 'user',
      participantIdentity: identity,
      text,
      final: true,
      source: 'chat',
      startedAt: now,
      updatedAt: now,
    }));
  }

  private classify(senderIdentity: string, transcribedTrackId: string | undefined): Speaker {
    const local = this.room?.localParticipant;
    if (!local) return 'agent';
    if (senderIdentity === local.identity) return 'user';
    if (transcribedTrackId && local.trackPublications.has(transcribedTrackId)) return 'user';
    return 'agent';
  }

  private async consume(reader: TextStreamReader, senderIdentity: string): Promise<void> {
    const headerAttributes = reader.info.attributes ?? {};
    const id = headerAttributes[ATTR_SEGMENT_ID] ?? reader.info.id;
    const speaker = this.classify(senderIdentity, headerAttributes[ATTR_TRACK_ID]);
    const headerFinal = headerAttributes[ATTR_FINAL] === 'true';

    // A new stream for a known segment carries that segment's text from the start.
    let text = '';
    const write = (final: boolean) => {
      const now = Date.now();
      this.upsert(id, (previous) => ({
        speaker,
        participantIdentity: senderIdentity,
        text,
        final,
        source: 'voice',
        startedAt: previous?.startedAt ?? now,
        updatedAt: now,
      }));
    };

    let completed = false;
    try {
      for await (const chunk of reader) {
        text += chunk;
        write(headerFinal);
      }
      completed = true;
    } catch (error) {
      console.warn('[parley] transcription stream ended abnormally', error);
    }

    // Trailer attributes are merged into reader.info when the stream closes.
    const closedFinal = reader.info.attributes?.[ATTR_FINAL] === 'true';
    const final = closedFinal || headerFinal || (speaker === 'agent' && completed);
    const known = this.getSnapshot().some((entry) => entry.id === id);
    if (text.length > 0 || known) write(final);
  }

  private upsert(id: string, build: (previous: TranscriptEntry | undefined) => Omit<TranscriptEntry, 'id'>): void {
    const entries = this.getSnapshot();
    const index = entries.findIndex((entry) => entry.id === id);
    const previous = index === -1 ? undefined : entries[index];
    // A late interim update must never turn a finished segment back into an interim one.
    const next: TranscriptEntry = { id, ...build(previous) };
    if (previous?.final && !next.final) return;
    if (index === -1) {
      this.set([...entries, next]);
    } else {
      const copy = entries.slice();
      copy[index] = next;
      this.set(copy);
    }
  }
}
