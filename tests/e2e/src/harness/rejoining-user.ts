import { RoomEvent } from '@livekit/rtc-node';
import { HeadlessUser } from '@parley/test-harness/headless-user';
import type { IssuedToken } from './stack.js';

/** The web page's rejoin delays (apps/web/src/session/backoff.ts), without the jitter. */
const REJOIN_DELAYS_MS = [500, 1_000, 2_000, 4_000, 8_000, 15_000];
/**
 * How long the SDK may try to resume on its own server before we ask the API for another: when
 * that server is dead its retries take ≈ 26 s to give up, while a live node is a token away.
 */
const SDK_RECONNECT_GRACE_MS = 3_000;

export interface Rejoin {
  disconnectedAt: number;
  rejoinedAt: number;
  attempts: number;
  serverUrl: string;
}

/**
 * A headless person with the web page's reconnect path: when the connection is lost for good
 * (the SDK's own resume and reconnect to the same server failed), it asks the API for a fresh
 * token, which names a live LiveKit node and dispatches the agent again if it is gone, and joins
 * again there, as SessionLink does in the browser.
 */
export class RejoiningUser {
  current: HeadlessUser;
  serverUrl: string;
  readonly rejoins: Rejoin[] = [];
  #leaving = false;
  #rejoining: Promise<void> | null = null;

  private constructor(
    user: HeadlessUser,
    serverUrl: string,
    private readonly fetchToken: () => Promise<IssuedToken>,
    private readonly log: (message: string) => void,
  ) {
    this.current = user;
    this.serverUrl = serverUrl;
    this.#watch(user);
  }

  static async join(fetchToken: () => Promise<IssuedToken>, log: (message: string) => void = () => undefined): Promise<RejoiningUser> {
    const { serverUrl, token } = await fetchToken();
    return new RejoiningUser(await HeadlessUser.join(serverUrl, token), serverUrl, fetchToken, log);
  }

  #watch(user: HeadlessUser): void {
    let lostAt: number | null = null;
    let grace: NodeJS.Timeout | undefined;
    const rejoin = (): void => {
      clearTimeout(grace);
      if (this.#leaving || user !== this.current || this.#rejoining !== null) return;
      this.#rejoining = this.#rejoin(lostAt ?? Date.now()).finally(() => {
        this.#rejoining = null;
      });
    };
    user.room.on(RoomEvent.Reconnecting, () => {
      lostAt ??= Date.now();
      clearTimeout(grace);
      grace = setTimeout(rejoin, SDK_RECONNECT_GRACE_MS);
    });
    user.room.on(RoomEvent.Reconnected, () => {
      lostAt = null;
      clearTimeout(grace);
    });
    user.room.once(RoomEvent.Disconnected, rejoin);
  }

  async #rejoin(disconnectedAt: number): Promise<void> {
    const old = this.current;
    await old.leave().catch(() => undefined);
    let lastError = '';
    for (const [index, delay] of REJOIN_DELAYS_MS.entries()) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.#leaving) return;
      try {
        const { serverUrl, token } = await this.fetchToken();
        const user = await HeadlessUser.join(serverUrl, token);
        this.current = user;
        this.serverUrl = serverUrl;
        this.#watch(user);
        this.rejoins.push({ disconnectedAt, rejoinedAt: Date.now(), attempts: index + 1, serverUrl });
        this.log(`rejoined ${serverUrl} after ${index + 1} attempt(s), ${Date.now() - disconnectedAt} ms after the disconnect`);
        return;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        this.log(`rejoin attempt ${index + 1} failed: ${lastError}`);
      }
    }
    throw new Error(`could not rejoin: ${lastError}`);
  }

  /** Resolves once a rejoin under way has finished (rejects when it gave up). */
  async settled(): Promise<void> {
    await this.#rejoining;
  }

  async leave(): Promise<void> {
    this.#leaving = true;
    await this.current.leave().catch(() => undefined);
  }
}
