export { VisionController, DEFAULT_VISION_OPTIONS, type VisionOptions, type VisualSource } from './vision-controller.js';
export { LazyScreenReader, ScreenReader, type ScreenText, type TextLine, type TextReader } from './screen-reader.js';
export { VisionAgent, type VisionAgentOptions } from './vision-agent.js';
export { createLookAtScreenTool, lookAtScreenIntent, type ScreenLooker } from './look-at-screen-tool.js';
export { visionContextMessage, describeScreenText, type Viewing } from './context-message.js';
export { attachesImages } from './image-policy.js';
