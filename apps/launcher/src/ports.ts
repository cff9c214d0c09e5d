import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

export interface PortRequirement {
  port: number;
  protocol: 'tcp' | 'udp';
  /** Who needs it and which setting moves it, for the error message. */
  owner: string;
  setting: string;
}

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

const tcpFree = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });

const udpFree = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind({ address: host, port, exclusive: true }, () => socket.close(() => resolve(true)));
  });

/** Fails before anything starts, naming every busy port and the setting that moves it. */
export async function assertPortsFree(host: string, requirements: PortRequirement[]): Promise<void> {
  const busy: PortRequirement[] = [];
  for (const requirement of requirements) {
    const free = requirement.protocol === 'tcp' ? await tcpFree(host, requirement.port) : await udpFree(host, requirement.port);
    if (!free) busy.push(requirement);
  }
  if (busy.length === 0) return;
  const lines = busy.map(
    (item) => `  ${item.protocol.toUpperCase()} port ${item.port} (${item.owner}) is already in use: stop what holds it (\`ss -ltnup | grep :${item.port}\`) or set ${item.setting} to a free port.`,
  );
  throw new PortInUseError(`Cannot start: ${busy.length === 1 ? 'a port is' : 'ports are'} taken.\n${lines.join('\n')}`);
}
