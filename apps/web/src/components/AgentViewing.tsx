import { ATTRIBUTE_AGENT_VIEWING } from '@parley/protocol';

const TEXT: Record<string, string> = {
  screen: 'Agent is looking at your screen',
  camera: 'Agent is looking at your camera',
  'screen+camera': 'Agent is looking at your screen and camera',
};

/** What the agent is looking at, from its `parley.viewing` attribute. */
export function AgentViewing({ attributes }: { attributes: Readonly<Record<string, string>> | undefined }) {
  const viewing = attributes?.[ATTRIBUTE_AGENT_VIEWING] ?? '';
  const text = TEXT[viewing];
  return (
    <p className="agent-viewing" data-testid="agent-viewing" data-viewing={viewing} hidden={!text}>
      {text ? (
        <>
          <svg className="viewing-icon" viewBox="0 0 24 14" aria-hidden="true" focusable="false">
            <path d="M12 1C6.5 1 2.4 5.2 1 7c1.4 1.8 5.5 6 11 6s9.6-4.2 11-6c-1.4-1.8-5.5-6-11-6z" fill="none" stroke="currentColor" strokeWidth="2" />
            <circle cx="12" cy="7" r="3" fill="currentColor" />
          </svg>
          {text}
        </>
      ) : null}
    </p>
  );
}
