import { BarVisualizer, type AgentState, type TrackReference } from '@livekit/components-react';

interface AgentVisualizerProps {
  state: AgentState;
  audioTrack: TrackReference | undefined;
}

/** Bars that follow the agent's voice (and animate by state while it is quiet). */
export function AgentVisualizer({ state, audioTrack }: AgentVisualizerProps) {
  return (
    <div className="agent-visualizer" data-testid="agent-visualizer" aria-hidden="true">
      <BarVisualizer state={state} trackRef={audioTrack} barCount={7} options={{ minHeight: 12 }} />
    </div>
  );
}
