import { useConnectionQualityIndicator, useLocalParticipant } from '@livekit/components-react';
import { ConnectionQuality } from 'livekit-client';

const LABELS: Record<ConnectionQuality, string> = {
  [ConnectionQuality.Excellent]: 'Excellent',
  [ConnectionQuality.Good]: 'Good',
  [ConnectionQuality.Poor]: 'Poor',
  [ConnectionQuality.Lost]: 'Lost',
  [ConnectionQuality.Unknown]: 'Measuring',
};

/** The server's estimate of this page's connection quality, as signal bars and a word. */
export function ConnectionQualityBadge() {
  const { localParticipant } = useLocalParticipant();
  const { quality } = useConnectionQualityIndicator({ participant: localParticipant });
  const bars = quality === ConnectionQuality.Excellent ? 3 : quality === ConnectionQuality.Good ? 2 : quality === ConnectionQuality.Poor ? 1 : 0;
  return (
    <div className="status-pill" data-testid="connection-quality" data-quality={quality} title="Connection quality">
      <span className="signal" aria-hidden="true">
        {[1, 2, 3].map((n) => (
          <span key={n} className={n <= bars ? 'signal-bar on' : 'signal-bar'} />
        ))}
      </span>
      <span className="visually-hidden">Connection quality: </span>
      {LABELS[quality]}
    </div>
  );
}
