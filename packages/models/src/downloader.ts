import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { sha256File } from './checksum.js';
import { ChecksumMismatchError } from './errors.js';
import type { ProgressListener } from './progress.js';

export interface DownloadRequest {
  url: string;
  destination: string;
  /** Verified after the last byte; null skips the check (the caller records the hash instead). */
  sha256: string | null;
  onProgress?: ProgressListener;
  /** Redirects followed before giving up (the hub redirects to a CDN). */
  maxRedirects?: number;
  timeoutMs?: number;
}

export interface DownloadResult {
  sha256: string;
  sizeBytes: number;
  /** Bytes that were already on disk from an interrupted earlier download. */
  resumedFromBytes: number;
}

export class DownloadError extends Error {
  constructor(message: string, readonly statusCode?: number) {
    super(message);
    this.name = 'DownloadError';
  }
}

const PARTIAL_SUFFIX = '.partial';

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

function get(url: string, headers: Record<string, string>, timeoutMs: number): Promise<http.IncomingMessage> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { headers, timeout: timeoutMs }, resolve);
    request.on('timeout', () => request.destroy(new DownloadError(`no answer from ${new URL(url).host} within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

/**
 * Downloads `url` into `destination` through `destination.partial`: an interrupted download resumes
 * with an HTTP Range request, and the file only takes its final name once its sha256 matches.
 */
export async function downloadFile(request: DownloadRequest): Promise<DownloadResult> {
  const partial = `${request.destination}${PARTIAL_SUFFIX}`;
  await mkdir(path.dirname(request.destination), { recursive: true });
  let url = request.url;
  let redirectsLeft = request.maxRedirects ?? 5;
  const timeoutMs = request.timeoutMs ?? 30_000;
  let resumeFrom = await sizeOf(partial);
  let response: http.IncomingMessage;
  for (;;) {
    const headers: Record<string, string> = { 'user-agent': 'parley-models' };
    if (resumeFrom > 0) headers.range = `bytes=${resumeFrom}-`;
    response = await get(url, headers, timeoutMs);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      if (redirectsLeft-- <= 0) throw new DownloadError(`too many redirects for ${request.url}`);
      url = new URL(response.headers.location, url).toString();
      continue;
    }
    if (status === 416 && resumeFrom > 0) {
      // The partial file is already complete (or larger than the server's): start over.
      response.resume();
      await rm(partial, { force: true });
      resumeFrom = 0;
      continue;
    }
    break;
  }
  const status = response.statusCode ?? 0;
  if (status !== 200 && status !== 206) {
    response.resume();
    throw new DownloadError(`GET ${url} answered ${status}`, status);
  }
  // A server that ignores Range answers 200 with the whole body: overwrite instead of appending.
  const appending = status === 206 && resumeFrom > 0;
  const startBytes = appending ? resumeFrom : 0;
  const lengthHeader = Number(response.headers['content-length']);
  const totalBytes = Number.isFinite(lengthHeader) && lengthHeader > 0 ? startBytes + lengthHeader : null;
  let done = startBytes;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      done += chunk.length;
      request.onProgress?.(done, totalBytes);
      callback(null, chunk);
    },
  });
  await pipeline(response, counter, createWriteStream(partial, { flags: appending ? 'a' : 'w' }));
  const actual = await sha256File(partial);
  if (request.sha256 !== null && actual !== request.sha256) {
    await rm(partial, { force: true });
    throw new ChecksumMismatchError(path.basename(request.destination), request.sha256, actual);
  }
  await rename(partial, request.destination);
  return { sha256: actual, sizeBytes: await sizeOf(request.destination), resumedFromBytes: startBytes };
}
