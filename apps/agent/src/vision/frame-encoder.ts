import { VideoBufferType, type VideoFrame } from '@livekit/rtc-node';
import sharp from 'sharp';

export interface EncodedFrame {
  dataUrl: string;
  width: number;
  height: number;
  bytes: number;
  durationMs: number;
}

/** Vision models downscale further themselves; 1024 px wide keeps screen text legible. */
export const DEFAULT_IMAGE_MAX_WIDTH = 1024;

/** Downscales a frame and encodes it as a JPEG data URL for an image-capable LLM. */
export async function encodeFrameAsJpeg(frame: VideoFrame, maxWidth = DEFAULT_IMAGE_MAX_WIDTH, quality = 75): Promise<EncodedFrame> {
  const startedAt = performance.now();
  const rgba = frame.type === VideoBufferType.RGBA ? frame : frame.convert(VideoBufferType.RGBA);
  const { data, info } = await sharp(rgba.data, { raw: { width: rgba.width, height: rgba.height, channels: 4 } })
    .resize({ width: Math.min(maxWidth, rgba.width), withoutEnlargement: true })
    .removeAlpha()
    .jpeg({ quality, mozjpeg: false })
    .toBuffer({ resolveWithObject: true });
  return {
    dataUrl: `data:image/jpeg;base64,${data.toString('base64')}`,
    width: info.width,
    height: info.height,
    bytes: data.length,
    durationMs: Math.round(performance.now() - startedAt),
  };
}
