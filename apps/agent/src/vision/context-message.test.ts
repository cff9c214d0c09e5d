import { initializeLogger, llm } from '@livekit/agents';
import { findVisionContext } from '@parley/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { addImagesToLastUserMessage, describeScreenText, insertBeforeLastUserMessage, plainScreenLines, visionContextMessage } from './context-message.js';
import type { ScreenText } from './screen-reader.js';

beforeAll(() => {
  initializeLogger({ pretty: false, level: 'warn' });
});

const read: ScreenText = {
  text: 'Invoice 42\nTotal 99 EUR',
  lines: [
    { text: 'Invoice 42', confidence: 95, box: { left: 64, top: 36, width: 300, height: 40 } },
    { text: 'Total 99 EUR', confidence: 91, box: { left: 960, top: 648, width: 200, height: 30 } },
  ],
  imageWidth: 1280,
  imageHeight: 720,
  durationMs: 300,
};

describe('vision context', () => {
  it('describes lines with their position on the screen', () => {
    const text = describeScreenText(read, 'Screen');
    expect(text).toContain('- [x 5%, y 5%] Invoice 42');
    expect(text).toContain('- [x 75%, y 90%] Total 99 EUR');
  });

  it('gives a small model numbered lines with a guide after them, and reads the lines back', () => {
    const text = describeScreenText(read, 'Screen now', 'plain');
    expect(text.split('\n')).toEqual([
      'Screen now, text read by OCR, line by line from the top:',
      'line 1: Invoice 42',
      'line 2: Total 99 EUR',
      expect.stringMatching(/^\(Answer from this text in a short sentence of your own/),
    ]);
    expect(plainScreenLines(text)).toEqual(['Invoice 42', 'Total 99 EUR']);
    expect(plainScreenLines(describeScreenText(read, 'Screen now'))).toEqual([]);
  });

  it('goes into the request just before the user message, leaving history alone', () => {
    const history = llm.ChatContext.empty();
    history.addMessage({ role: 'system', content: 'be helpful' });
    const question = history.addMessage({ role: 'user', content: 'what is on my screen' });
    const request = history.copy();
    insertBeforeLastUserMessage(request, visionContextMessage('screen', { read, capturedAt: Date.now() }, null));
    const image = llm.createImageContent({ image: 'data:image/jpeg;base64,AAAA', mimeType: 'image/jpeg' });
    expect(addImagesToLastUserMessage(request, [image])).toBe(true);

    expect(request.items.map((item) => (item.type === 'message' ? item.role : item.type))).toEqual(['system', 'system', 'user']);
    expect(findVisionContext(request)?.screen?.text).toBe('Invoice 42\nTotal 99 EUR');
    expect(history.items).toHaveLength(2);
    expect(question.content).toEqual(['what is on my screen']);
    const sent = request.items[2];
    expect(sent?.type === 'message' && sent.content.length).toBe(2);
  });

  it('says when nothing is shared', () => {
    const message = visionContextMessage('', null, null);
    expect(message.textContent).toMatch(/not sharing/);
  });
});
