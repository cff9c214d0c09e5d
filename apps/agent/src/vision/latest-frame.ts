import type { VideoFrame, VideoFrameEvent } from '@livekit/rtc-node';

/**
 * Keeps only the newest frame of a video track. A LiveKit VideoStream has no back-pressure (an
 * unread one grew by hundreds of MB in seconds), so the stream is read as fast as frames arrive
 * and every older frame becomes garbage at once: memory stays flat however long the share runs.
 */
export class LatestFrame {
  #frame: VideoFrame | null = null;
  #sequence = 0;
  #receivedAt = 0;
  #framesSeen = 0;

  put(frame: VideoFrame, receivedAt = Date.now()): void {
    this.#frame = frame;
    this.#sequence += 1;
    this.#framesSeen += 1;
    this.#receivedAt = receivedAt;
  }

  clear(): void {
    this.#frame = null;
  }

  get frame(): VideoFrame | null {
    return this.#frame;
  }

  /** Increases by one per frame: tells a sampler whether anything new arrived since it looked. */
  get sequence(): number {
    return this.#sequence;
  }

  get receivedAt(): number {
    return this.#receivedAt;
  }

  get framesSeen(): number {
    return this.#framesSeen;
  }
}

/**
 * Reads `stream` until it ends or `signal` aborts, handing each frame to `holder`. Resolves when
 * the stream is finished; cancelling releases the native stream.
 */
export async function drainInto(stream: ReadableStream<VideoFrameEvent>, holder: LatestFrame, signal: AbortSignal): Promise<void> {
  const reader = stream.getReader();
  const onAbort = (): void => {
    reader.cancel().catch(() => undefined);
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      holder.put(value.frame);
    }
  } catch {
    // A cancelled or failed native stream ends the drain; the track watcher decides what next.
  } finally {
    signal.removeEventListener('abort', onAbort);
    reader.releaseLock();
  }
}
