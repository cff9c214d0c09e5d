export { startStack, type RunningStack, type ServiceName, type StackOptions } from './stack.js';
export { MissingLivekitError } from './livekit-binary.js';
export { PortInUseError } from './ports.js';
export { StartupError } from './readiness.js';
export { LauncherConfigError } from './launcher-config.js';
export { repoRoot } from './paths.js';
export { startCluster, type ClusterNode, type ClusterOptions, type RunningCluster } from './cluster.js';
export { MissingToolError, redisPing } from './shared-services.js';
