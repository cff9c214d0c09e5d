import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadFile } from './downloader.js';
import { ChecksumMismatchError } from './errors.js';

const BODY = Buffer.from(Array.from({ length: 200_000 }, (_, index) => (index * 7) % 251));
const BODY_SHA256 = createHash('sha256').update(BODY).digest('hex');

interface ServerLog {
  ranges: (string | undefined)[];
}

function startServer(log: ServerLog, options: { ignoreRange?: boolean } = {}): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    log.ranges.push(request.headers.range);
    if (request.url === '/redirect') {
      response.writeHead(302, { location: '/model.bin' });
      response.end();
      return;
    }
    if (request.url !== '/model.bin') {
      response.writeHead(404);
      response.end();
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    if (range && !options.ignoreRange) {
      const start = Number(range[1]);
      response.writeHead(206, { 'content-length': BODY.length - start, 'content-range': `bytes ${start}-${BODY.length - 1}/${BODY.length}` });
      response.end(BODY.subarray(start));
      return;
    }
    response.writeHead(200, { 'content-length': BODY.length });
    response.end(BODY);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('downloadFile', () => {
  let dir: string;
  let server: http.Server;
  let base: string;
  const log: ServerLog = { ranges: [] };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'parley-models-dl-'));
    log.ranges = [];
    server = await startServer(log);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('downloads, reports progress and verifies the sha256', async () => {
    const progress: number[] = [];
    const destination = path.join(dir, 'model.bin');
    const result = await downloadFile({ url: `${base}/model.bin`, destination, sha256: BODY_SHA256, onProgress: (done) => progress.push(done) });
    expect(result).toEqual({ sha256: BODY_SHA256, sizeBytes: BODY.length, resumedFromBytes: 0 });
    expect((await readFile(destination)).equals(BODY)).toBe(true);
    expect(progress.at(-1)).toBe(BODY.length);
  });

  it('resumes an interrupted download with a Range request', async () => {
    const destination = path.join(dir, 'model.bin');
    await writeFile(`${destination}.partial`, BODY.subarray(0, 123_456));
    const result = await downloadFile({ url: `${base}/model.bin`, destination, sha256: BODY_SHA256 });
    expect(log.ranges).toEqual(['bytes=123456-']);
    expect(result.resumedFromBytes).toBe(123_456);
    expect((await readFile(destination)).equals(BODY)).toBe(true);
  });

  it('starts over when the server ignores Range', async () => {
    await new Promise((resolve) => server.close(resolve));
    server = await startServer(log, { ignoreRange: true });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const destination = path.join(dir, 'model.bin');
    await writeFile(`${destination}.partial`, Buffer.from('stale bytes'));
    const result = await downloadFile({ url: `${base}/model.bin`, destination, sha256: BODY_SHA256 });
    expect(result.resumedFromBytes).toBe(0);
    expect((await readFile(destination)).equals(BODY)).toBe(true);
  });

  it('follows redirects', async () => {
    const destination = path.join(dir, 'model.bin');
    await downloadFile({ url: `${base}/redirect`, destination, sha256: BODY_SHA256 });
    expect((await readFile(destination)).equals(BODY)).toBe(true);
  });

  it('rejects bytes whose sha256 does not match and keeps no file', async () => {
    const destination = path.join(dir, 'model.bin');
    await expect(downloadFile({ url: `${base}/model.bin`, destination, sha256: '0'.repeat(64) })).rejects.toBeInstanceOf(ChecksumMismatchError);
    await expect(readFile(destination)).rejects.toThrow();
    await expect(readFile(`${destination}.partial`)).rejects.toThrow();
  });

  it('reports HTTP errors', async () => {
    await expect(downloadFile({ url: `${base}/missing`, destination: path.join(dir, 'x'), sha256: null })).rejects.toThrow(/404/);
  });
});
