import { llm, voice } from '@livekit/agents';
import { ConversationAgent } from '../conversation-agent.js';
import type { ScreenTextLayout } from './context-message.js';
import { createLookAtScreenTool } from './look-at-screen-tool.js';
import type { VisionController } from './vision-controller.js';

export interface VisionAgentOptions {
  instructions: string;
  vision: VisionController;
  /** Further tools of the agent; look_at_screen is added to them. */
  tools?: readonly llm.ToolContextEntry[];
  /** How look_at_screen reports the screen text (plain for small local models). */
  screenTextLayout?: ScreenTextLayout;
  /** The conversation so far, when this agent takes over from one that died. */
  chatCtx?: llm.ChatContext;
}

/**
 * An Agent whose every LLM request carries what the agent sees. The context is added in llmNode,
 * where the request is built: preemptive generation runs through the same node, so a reply
 * started before the user finished still sees the screen.
 */
export class VisionAgent extends ConversationAgent {
  readonly #vision: VisionController;

  constructor(options: VisionAgentOptions) {
    super({
      instructions: options.instructions,
      tools: [...(options.tools ?? []), createLookAtScreenTool(options.vision, options.screenTextLayout)],
      ...(options.chatCtx ? { chatCtx: options.chatCtx } : {}),
    });
    this.#vision = options.vision;
  }

  override async llmNode(chatCtx: llm.ChatContext, toolCtx: llm.ToolContext, modelSettings: voice.ModelSettings) {
    await this.#vision.attachToChatContext(chatCtx);
    return voice.Agent.default.llmNode(this, chatCtx, toolCtx, modelSettings);
  }
}
