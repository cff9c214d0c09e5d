import { initializeLogger } from '@livekit/agents';
import { toLlamaFunctions } from '@parley/plugin-llama-cpp';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultToolContext } from './local-brain.js';
import { ConversationScheduler, createTools } from './tools/index.js';
import { LazyScreenReader, VisionAgent, VisionController } from './vision/index.js';

beforeAll(() => initializeLogger({ pretty: false, level: 'warn' }));

describe('defaultToolContext', () => {
  it('renders the same function definitions as the agent of a default conversation (the primed prefix must match)', () => {
    const scheduler = new ConversationScheduler();
    const tools = createTools({ timezone: 'UTC', now: () => new Date(), announce: () => undefined, schedule: (delayMs, callback) => scheduler.schedule(delayMs, callback) });
    const agent = new VisionAgent({ instructions: 'x', tools, vision: new VisionController(new LazyScreenReader()), screenTextLayout: 'plain' });
    const primed = toLlamaFunctions(defaultToolContext('Europe/Paris'));
    expect(JSON.stringify(primed)).toBe(JSON.stringify(toLlamaFunctions(agent.toolCtx)));
    expect(Object.keys(primed ?? {})).toEqual(['get_current_time', 'calculate', 'set_timer', 'look_at_screen']);
  });
});
