import type { LauncherConfig } from './launcher-config.js';

const yamlString = (value: string): string => JSON.stringify(value);

export interface LivekitConfigOptions {
  webhookUrl?: string;
  /**
   * host:port of the Redis that LiveKit's multi-node mode shares: with it, nodes route signalling
   * and agent dispatch to each other, and each room lives on the node LiveKit's selector picks.
   */
  redisAddress?: string;
}

/** Renders livekit-server's YAML config. JSON strings are valid YAML scalars, so values need no other escaping. */
export function renderLivekitConfig(config: LauncherConfig, options: LivekitConfigOptions = {}): string {
  const lines = [
    `port: ${config.ports.livekit}`,
    'bind_addresses:',
    `  - ${yamlString(config.bindHost)}`,
    'rtc:',
    `  tcp_port: ${config.ports.livekitTcp}`,
    `  udp_port: ${config.ports.livekitUdp}`,
    '  use_external_ip: false',
    // Lets a browser on the same machine connect over loopback as well.
    '  enable_loopback_candidate: true',
    ...(config.nodeIp === undefined ? [] : [`  node_ip: ${yamlString(config.nodeIp)}`]),
    'keys:',
    `  ${yamlString(config.apiKey)}: ${yamlString(config.apiSecret)}`,
    'logging:',
    '  level: info',
    '  json: true',
    'room:',
    '  empty_timeout: 60',
    '  departure_timeout: 10',
    // The agent reports load as the share of its conversation slots in use (apps/agent/src/capacity.ts):
    // LiveKit may fill every slot, not stop at its default 70 %.
    'agents:',
    '  target_load: 1',
  ];
  if (options.redisAddress) {
    lines.push(
      'redis:',
      `  address: ${yamlString(options.redisAddress)}`,
      // A new room goes to the node with the fewest rooms (LiveKit refreshes the counts every 2 s);
      // nodes that stop reporting for 5 s are passed over, and their rooms move on the next join.
      'node_selector:',
      '  kind: any',
      '  sort_by: rooms',
    );
  }
  if (options.webhookUrl) {
    lines.push('webhook:', `  api_key: ${yamlString(config.apiKey)}`, '  urls:', `    - ${yamlString(options.webhookUrl)}`);
  }
  return `${lines.join('\n')}\n`;
}
