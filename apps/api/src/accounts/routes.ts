import { type AuthConfigResponse, changePasswordRequestSchema, type MeResponse, signInRequestSchema, type SignedInUser } from '@parley/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthMode, Config } from '../config.js';
import { HttpError, validationError } from '../errors.js';
import { createRateLimiter, type RateLimiter } from '../rate-limit.js';
import type { Store, UserRecord } from '../store/types.js';
import type { Accounts, SignedIn } from './accounts.js';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie, wantsSecureCookie } from './cookies.js';

// Every attempt counts (so a flood cannot buy hashing time): 10 per account, then one every
// 3 minutes; 30 per address (an office behind one NAT signing in at nine), then two a minute.
export const SIGN_IN_LIMITS = {
  account: { burst: 10, perMinute: 1 / 3 },
  address: { burst: 30, perMinute: 2 },
} as const;

/** The same words for an unknown name, a wrong password and a disabled account. */
export const SIGN_IN_REFUSED = 'wrong name or password';

export interface AccountRoutesOptions {
  mode: AuthMode;
  /** Present in accounts mode only. */
  accounts?: Accounts;
  store: Store;
  signIn: Config['signIn'];
}

const publicUser = (user: UserRecord): SignedInUser => ({ id: user.id, name: user.name, admin: user.role === 'admin' });

function charge(limiter: RateLimiter, key: string, reply: FastifyReply): void {
  const waitMs = limiter.take(key);
  if (waitMs > 0) {
    reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
    throw new HttpError(429, 'too many sign-in attempts; wait a while and try again');
  }
}

/** /api/auth/*: the mode (public), and in accounts mode sign-in, sign-out, who am I, change password. */
export function registerAccountRoutes(app: FastifyInstance, options: AccountRoutesOptions): void {
  const { mode, accounts } = options;

  app.get('/api/auth/config', async (_request, reply): Promise<AuthConfigResponse> => {
    reply.header('cache-control', 'no-store');
    return { mode };
  });

  if (!accounts) {
    app.get('/api/auth/me', async (_request, reply): Promise<MeResponse> => {
      reply.header('cache-control', 'no-store');
      return { mode, user: null };
    });
    return;
  }

  const perAccount = createRateLimiter(SIGN_IN_LIMITS.account.perMinute, SIGN_IN_LIMITS.account.burst);
  const perAddress = createRateLimiter(SIGN_IN_LIMITS.address.perMinute, SIGN_IN_LIMITS.address.burst);
  const secure = (request: FastifyRequest): boolean => wantsSecureCookie(request, options.signIn.cookieSecure);
  const signedIn = async (request: FastifyRequest, reply: FastifyReply): Promise<SignedIn> => {
    const found = await accounts.resolve(readCookie(request, SESSION_COOKIE));
    if (!found) {
      // A stale cookie is useless: drop it so the browser stops sending it.
      if (readCookie(request, SESSION_COOKIE) !== undefined) reply.header('set-cookie', clearedSessionCookie(secure(request)));
      throw new HttpError(401, 'sign in required');
    }
    return found;
  };

  app.addHook('onReady', async () => {
    await accounts.prepare();
    if ((await options.store.countUsers()) === 0) {
      app.log.warn('accounts mode and no users yet: create the first admin with `node apps/api/dist/cli.js users create --name <name> --admin`');
    }
  });

  app.post('/api/auth/sign-in', async (request, reply): Promise<MeResponse> => {
    reply.header('cache-control', 'no-store');
    // Charge before hashing, so a flood of guesses costs the guesser, not the server.
    charge(perAddress, `ip:${request.ip}`, reply);
    const parsed = signInRequestSchema.safeParse(request.body);
    if (!parsed.success) throw validationError(parsed.error, request.body);
    charge(perAccount, `name:${parsed.data.name}`, reply);
    const result = await accounts.signIn(parsed.data.name, parsed.data.password);
    if (!result) {
      request.log.info('sign-in refused');
      throw new HttpError(401, SIGN_IN_REFUSED);
    }
    // A browser that was signed in (perhaps as someone else) drops that sign-in; a new id defeats fixation.
    await accounts.signOut(readCookie(request, SESSION_COOKIE));
    request.log.info({ userId: result.user.id }, 'signed in');
    reply.header('set-cookie', sessionCookie(result.sessionId, accounts.ttlSeconds, secure(request)));
    return { mode, user: publicUser(result.user) };
  });

  app.post('/api/auth/sign-out', async (request, reply) => {
    await accounts.signOut(readCookie(request, SESSION_COOKIE));
    reply.header('set-cookie', clearedSessionCookie(secure(request)));
    reply.header('cache-control', 'no-store');
    return reply.status(204).send();
  });

  app.get('/api/auth/me', async (request, reply): Promise<MeResponse> => {
    reply.header('cache-control', 'no-store');
    const { user } = await signedIn(request, reply);
    return { mode, user: publicUser(user) };
  });

  app.post('/api/auth/password', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const current = await signedIn(request, reply);
    const parsed = changePasswordRequestSchema.safeParse(request.body);
    if (!parsed.success) throw validationError(parsed.error, request.body);
    charge(perAccount, `name:${current.user.name}`, reply);
    if (!(await accounts.changePassword(current, parsed.data.currentPassword, parsed.data.newPassword))) {
      throw new HttpError(403, 'the current password is wrong');
    }
    request.log.info({ userId: current.user.id }, 'password changed; other sign-ins ended');
    return reply.status(204).send();
  });
}
