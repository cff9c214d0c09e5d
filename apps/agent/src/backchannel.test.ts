import { stt } from '@livekit/agents';
import { describe, expect, it } from 'vitest';
import { BackchannelFilter, isBackchannel } from './backchannel.js';

function event(type: stt.SpeechEventType, text = ''): stt.SpeechEvent {
  return { type, alternatives: [{ text, language: 'en', startTime: 0, endTime: 0, confidence: 1 }] } as stt.SpeechEvent;
}

describe('isBackchannel', () => {
  it('recognizes acknowledgements, however Whisper writes them', () => {
    for (const text of ['Mm-hmm.', 'mhm', 'Yeah.', 'Yeah, yeah.', 'Okay.', 'Uh-huh.', 'I see.', 'Got it.', 'Right, okay.']) expect(isBackchannel(text), text).toBe(true);
  });
  it('keeps requests, refusals and anything longer', () => {
    for (const text of ['Stop.', 'No.', 'Wait a moment.', 'Yeah, but what about tomorrow?', 'I', 'It', 'okay okay okay okay', '', 'Got the time?']) expect(isBackchannel(text), text).toBe(false);
  });
});

describe('BackchannelFilter', () => {
  it('drops an acknowledgement begun while the agent speaks, and keeps it when the agent is quiet', () => {
    let speaking = true;
    const filter = new BackchannelFilter(() => speaking);
    expect(filter.admit(event(stt.SpeechEventType.START_OF_SPEECH))).toBe(true);
    // The framework pauses the voice meanwhile: the state no longer says speaking.
    speaking = false;
    expect(filter.admit(event(stt.SpeechEventType.INTERIM_TRANSCRIPT, 'Mm'))).toBe(false);
    expect(filter.admit(event(stt.SpeechEventType.FINAL_TRANSCRIPT, 'Mm-hmm.'))).toBe(false);
    expect(filter.admit(event(stt.SpeechEventType.END_OF_SPEECH))).toBe(true);
    expect(filter.dropped).toBe(1);
    expect(filter.admit(event(stt.SpeechEventType.START_OF_SPEECH))).toBe(true);
    expect(filter.admit(event(stt.SpeechEventType.FINAL_TRANSCRIPT, 'Yeah.'))).toBe(true);
  });
  it('passes a real interruption whole, even one that starts with an acknowledgement', () => {
    const filter = new BackchannelFilter(() => true);
    filter.admit(event(stt.SpeechEventType.START_OF_SPEECH));
    expect(filter.admit(event(stt.SpeechEventType.INTERIM_TRANSCRIPT, 'Yeah'))).toBe(false);
    expect(filter.admit(event(stt.SpeechEventType.INTERIM_TRANSCRIPT, 'Yeah, but wait'))).toBe(true);
    expect(filter.admit(event(stt.SpeechEventType.FINAL_TRANSCRIPT, 'Yeah, but wait.'))).toBe(true);
    filter.admit(event(stt.SpeechEventType.START_OF_SPEECH));
    expect(filter.admit(event(stt.SpeechEventType.FINAL_TRANSCRIPT, 'Stop.'))).toBe(true);
  });
});
