import { describe, expect, it } from 'vitest';
import { cannotDoReply } from './cannot-do.js';
import { normalizeRequest } from './intents.js';

const reply = (text: string): string | null => cannotDoReply(normalizeRequest(text));

describe('cannotDoReply', () => {
  it('declines requests no tool serves, saying what it can do instead', () => {
    expect(reply('Turn off the lights in the living room.')).toMatch(/^Sorry, I can't control lights or devices\. I can tell you the time/);
    expect(reply('can you call my mum')).toMatch(/can't make phone calls/);
    expect(reply('Please order me a large pizza')).toMatch(/can't order, buy or book/);
    expect(reply('book me a flight to Berlin next Friday')).toMatch(/can't order, buy or book/);
    expect(reply('send an email to my boss saying I am late')).toMatch(/can't send messages/);
    expect(reply('play some music')).toMatch(/can't play music/);
    expect(reply('open the front door')).toMatch(/can't open, close or lock/);
    expect(reply("what's the weather like today")).toMatch(/^Sorry, I can't look that up\. I have no internet connection here\./);
    expect(reply('turn the heating on')).toMatch(/can't control/);
    for (const text of ['read me the news', 'Red me the news.', "what's in the news today", 'any headlines this morning?', 'tell me the latest news']) {
      expect(reply(text), text).toMatch(/^Sorry, I can't look that up\./);
    }
  });

  it('leaves questions that only contain such a verb to the model', () => {
    for (const text of ['what do you call a baby kangaroo', 'who wrote the book hamlet', 'how do I book a flight online', 'what is the capital of France', 'how does a light switch work', 'why do people order coffee black', 'I have some news for you', 'what is a newsletter']) {
      expect(reply(text), text).toBeNull();
    }
  });
});
