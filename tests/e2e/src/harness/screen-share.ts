import { LocalVideoTrack, TrackPublishOptions, TrackSource, VideoBufferType, VideoFrame, VideoSource, type Room } from '@livekit/rtc-node';
import sharp from 'sharp';

export const SCREEN_WIDTH = 1280;
export const SCREEN_HEIGHT = 720;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Renders lines of text the way a screen shows them (dark text on a light page, a title bar) into
 * a frame ready to send: an SVG drawn by sharp to raw RGBA, converted once to I420.
 */
export async function renderScreenFrame(lines: string[], width = SCREEN_WIDTH, height = SCREEN_HEIGHT): Promise<VideoFrame> {
  const text = lines
    .map((line, index) => `<text x="96" y="${220 + index * 96}" font-family="DejaVu Sans" font-size="52" fill="#1a1a1a">${escapeXml(line)}</text>`)
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="#fbfbf8"/><rect width="100%" height="56" fill="#2d3e50"/>${text}</svg>`;
  const rgba = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer();
  return new VideoFrame(new Uint8Array(rgba), width, height, VideoBufferType.RGBA).convert(VideoBufferType.I420);
}

/**
 * A screen share from a headless participant: a real screen-share track (SOURCE_SCREENSHARE)
 * that sends the current image at a steady frame rate, like a browser sharing a static page.
 */
export class ScreenShare {
  readonly #room: Room;
  readonly #source: VideoSource;
  readonly #track: LocalVideoTrack;
  #frame: VideoFrame;
  #timer: NodeJS.Timeout | null = null;
  #framesSent = 0;
  #startedAt = 0;

  private constructor(room: Room, frame: VideoFrame) {
    this.#room = room;
    this.#frame = frame;
    this.#source = new VideoSource(frame.width, frame.height);
    this.#track = LocalVideoTrack.createVideoTrack('screen', this.#source);
  }

  static async start(room: Room, lines: string[], fps = 15): Promise<ScreenShare> {
    const share = new ScreenShare(room, await renderScreenFrame(lines));
    const options = new TrackPublishOptions();
    options.source = TrackSource.SOURCE_SCREENSHARE;
    await room.localParticipant!.publishTrack(share.#track, options);
    share.#startedAt = Date.now();
    const intervalMs = 1000 / fps;
    const send = (): void => {
      const timestampUs = BigInt(Date.now() - share.#startedAt) * 1000n;
      share.#source.captureFrame(share.#frame, timestampUs);
      share.#framesSent += 1;
    };
    send();
    share.#timer = setInterval(send, intervalMs);
    return share;
  }

  /** Shows other text from the next frame on. */
  async show(lines: string[]): Promise<void> {
    this.#frame = await renderScreenFrame(lines);
  }

  get framesSent(): number {
    return this.#framesSent;
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    const sid = this.#track.sid;
    if (sid) await this.#room.localParticipant?.unpublishTrack(sid).catch(() => undefined);
    await this.#source.close();
  }
}
