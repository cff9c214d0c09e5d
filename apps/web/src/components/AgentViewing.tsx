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
      <span aria-hidden="true">👁 </span>
      {text ?? ''}
    </p>
  );
}
