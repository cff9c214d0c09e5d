import { AccessToken, TrackSource, type VideoGrant } from 'livekit-server-sdk';
import { assertParticipantIdentity } from './identities.js';

export interface MintTokenInput {
  room: string;
  identity: string;
  name?: string | undefined;
}

export interface MintedToken {
  token: string;
  expiresAt: Date;
}

export interface TokenMinterOptions {
  apiKey: string;
  apiSecret: string;
  ttlSeconds: number;
}

/** Signs participant tokens. Separate from HTTP so later features (sessions, auth) can reuse it. */
export interface TokenMinter {
  mint(input: MintTokenInput): Promise<MintedToken>;
}

/** Exactly what a person in a Parley room needs, nothing administrative. */
export function userGrant(room: string): VideoGrant {
  return {
    room,
    roomJoin: true,
    canPublish: true,
    canPublishSources: [
      TrackSource.MICROPHONE,
      TrackSource.CAMERA,
      TrackSource.SCREEN_SHARE,
      TrackSource.SCREEN_SHARE_AUDIO,
    ],
    canSubscribe: true,
    canPublishData: true,
    canUpdateOwnMetadata: false,
    roomCreate: false,
    roomList: false,
    roomAdmin: false,
    roomRecord: false,
    hidden: false,
  };
}

/** Reads `exp` back from the signed JWT so the response states exactly what LiveKit will enforce. */
function expiryOf(jwt: string): Date {
  const payload = jwt.split('.')[1];
  if (payload === undefined) throw new Error('minted token is not a JWT');
  const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  if (typeof claims !== 'object' || claims === null || !('exp' in claims) || typeof claims.exp !== 'number') {
    throw new Error('minted token has no exp claim');
  }
  return new Date(claims.exp * 1000);
}

export function createTokenMinter(options: TokenMinterOptions): TokenMinter {
  return {
    async mint({ room, identity, name }) {
      // Every route that mints goes through here: none may hand out the agent's identity.
      assertParticipantIdentity(identity);
      const token = new AccessToken(options.apiKey, options.apiSecret, {
        identity,
        ttl: options.ttlSeconds,
        ...(name === undefined ? {} : { name }),
      });
      token.addGrant(userGrant(room));
      const jwt = await token.toJwt();
      return { token: jwt, expiresAt: expiryOf(jwt) };
    },
  };
}
