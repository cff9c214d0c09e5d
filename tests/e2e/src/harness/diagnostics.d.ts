// The web client's read-only diagnostics global (apps/web/src/diagnostics.ts).
interface Window {
  parleyDiagnostics: { agentAudioEnergy(): Promise<number> };
}
