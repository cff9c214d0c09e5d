import { VideoBufferType, VideoFrame } from '@livekit/rtc-node';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeFrameAsJpeg } from './frame-encoder.js';

describe('encodeFrameAsJpeg', () => {
  it('downscales a 720p I420 frame to a JPEG data URL for image-capable LLMs', async () => {
    const rgba = new Uint8Array(1280 * 720 * 4).fill(200);
    const frame = new VideoFrame(rgba, 1280, 720, VideoBufferType.RGBA).convert(VideoBufferType.I420);
    const encoded = await encodeFrameAsJpeg(frame);
    expect(encoded.dataUrl.startsWith('data:image/jpeg;base64,')).toBe(true);
    expect(encoded.width).toBe(1024);
    expect(encoded.height).toBe(576);
    const decoded = await sharp(Buffer.from(encoded.dataUrl.split(',')[1] ?? '', 'base64')).metadata();
    expect(decoded.format).toBe('jpeg');
    console.log(`JPEG of a 720p frame: ${encoded.bytes} bytes in ${encoded.durationMs} ms`);
  });
});
