export { VisionController, DEFAULT_VISION_OPTIONS, type VisionOptions, type VisualSource } from './vision-controller.js';
export { ScreenReader, type ScreenText, type TextLine } from './screen-reader.js';
export { VisionAgent, type VisionAgentOptions } from './vision-agent.js';
export { createLookAtScreenTool } from './look-at-screen-tool.js';
export { visionContextMessage, describeScreenText, type Viewing } from './context-message.js';
