import { log } from '@livekit/agents';

/** The structured logger every local engine takes (the pino subset the agents framework uses). */
export interface EngineLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

type Level = keyof EngineLogger;

/**
 * The default logger of a local engine: the @livekit/agents logger with `plugin` bound. Outside a
 * worker (unit tests, bench) the framework's logger is not initialized, so warnings and errors go
 * to the console instead; debug and info would only be noise there.
 */
export function engineLogger(plugin: string): EngineLogger {
  const emit = (level: Level, obj: object, msg?: string): void => {
    let logger: ReturnType<typeof log> | undefined;
    try {
      logger = log();
    } catch {
      logger = undefined;
    }
    if (logger) logger.child({ plugin })[level](obj, msg);
    else if (level === 'warn' || level === 'error') console[level](`[${plugin}] ${msg ?? ''}`, obj);
  };
  return {
    debug: (obj, msg) => emit('debug', obj, msg),
    info: (obj, msg) => emit('info', obj, msg),
    warn: (obj, msg) => emit('warn', obj, msg),
    error: (obj, msg) => emit('error', obj, msg),
  };
}
