import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** The LiveKit URL plus its http(s) twin: livekit-client opens the websocket and also makes plain HTTP calls. */
export function liveKitOrigins(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  const secure = url.protocol === 'wss:' || url.protocol === 'https:';
  const host = url.host;
  return [`${secure ? 'wss' : 'ws'}://${host}`, `${secure ? 'https' : 'http'}://${host}`];
}

/** `liveKitPublicUrls`: every LiveKit node a browser may be sent to (one on a single server). */
export async function registerSecurityHeaders(app: FastifyInstance, liveKitPublicUrls: readonly string[]): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'", ...new Set(liveKitPublicUrls.flatMap(liveKitOrigins))],
        mediaSrc: ["'self'", 'blob:', 'mediastream:'],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        // React and the LiveKit components set style attributes at runtime.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // livekit-client loads audio worklets / workers from blob: URLs.
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    // Self-hosted over plain http on a LAN is a supported setup; HSTS belongs to whatever terminates TLS.
    strictTransportSecurity: false,
  });
}
