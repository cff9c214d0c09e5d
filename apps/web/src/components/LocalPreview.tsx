import { useTracks, VideoTrack, isTrackReference } from '@livekit/components-react';
import { Track } from 'livekit-client';

/** Self-view of what this page sends: the camera and the shared screen, while they are on. */
export function LocalPreview() {
  const tracks = useTracks([Track.Source.Camera, Track.Source.ScreenShare], { onlySubscribed: false }).filter(
    (ref) => ref.participant.isLocal && isTrackReference(ref) && !ref.publication.isMuted,
  );
  if (tracks.length === 0) return null;
  return (
    <section className="local-preview" aria-label="What you are sending">
      {tracks.map((ref) =>
        isTrackReference(ref) ? (
          <figure key={ref.publication.trackSid} className="preview-tile" data-testid={ref.source === Track.Source.Camera ? 'camera-preview' : 'screen-preview'}>
            <VideoTrack trackRef={ref} muted playsInline className={ref.source === Track.Source.Camera ? 'mirrored' : undefined} />
            <figcaption>{ref.source === Track.Source.Camera ? 'Your camera' : 'Your screen'}</figcaption>
          </figure>
        ) : null,
      )}
    </section>
  );
}
