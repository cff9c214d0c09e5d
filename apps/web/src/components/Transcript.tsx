import { useLayoutEffect, useRef } from 'react';
import type { TranscriptEntry } from '../transcript/TranscriptStore';

interface TranscriptProps {
  entries: readonly TranscriptEntry[];
  agentName?: string;
}

/** Pixels from the bottom within which the view keeps following new text. */
const FOLLOW_THRESHOLD_PX = 48;

/**
 * Both sides of the conversation in arrival order. Each `transcript-entry` element holds only
 * the words, with `data-speaker` (user|agent) and `data-final` (true|false) for tests. A gap
 * (the agent dropped out and came back) is a `transcript-notice` line between them.
 */
export function Transcript({ entries, agentName = 'Agent' }: TranscriptProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [entries]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    following.current = el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_THRESHOLD_PX;
  };

  return (
    <section className="transcript" aria-label="Transcript">
      <div className="transcript-scroll" ref={scroller} onScroll={onScroll}>
        {entries.length === 0 ? (
          <p className="transcript-empty">Say hello — the conversation will appear here.</p>
        ) : null}
        <ol data-testid="transcript" aria-live="polite">
          {entries.map((entry) =>
            entry.speaker === 'notice' ? (
              <li key={entry.id} className="turn turn-notice" data-speaker="notice">
                <p className="turn-text" data-testid="transcript-notice" role="status">
                  {entry.text}
                </p>
              </li>
            ) : (
            <li key={entry.id} className="turn" data-speaker={entry.speaker}>
              <span className="turn-speaker">
                {entry.speaker === 'user' ? 'You' : agentName}
                {entry.source === 'chat' ? ' (typed)' : ''}
              </span>
              <p
                className="turn-text"
                data-testid="transcript-entry"
                data-speaker={entry.speaker}
                data-final={entry.final ? 'true' : 'false'}
              >
                {entry.text}
              </p>
            </li>
            ),
          )}
        </ol>
      </div>
    </section>
  );
}
