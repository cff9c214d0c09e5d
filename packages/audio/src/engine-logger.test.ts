import { afterEach, describe, expect, it, vi } from 'vitest';
import { engineLogger } from './engine-logger.js';

describe('engineLogger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('outside a worker, prints warnings and errors with the plugin name and drops debug and info', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const logger = engineLogger('whisper');
    logger.debug({ a: 1 }, 'quiet');
    logger.info({ a: 2 }, 'quiet too');
    logger.warn({ a: 3 }, 'careful');
    logger.error({ a: 4 }, 'broken');
    expect(warn).toHaveBeenCalledWith('[whisper] careful', { a: 3 });
    expect(error).toHaveBeenCalledWith('[whisper] broken', { a: 4 });
    expect(info).not.toHaveBeenCalled();
    expect(debug).not.toHaveBeenCalled();
  });
});
