import { describe, expect, it } from 'vitest';
import { SpeakableTextFilter } from './speakable-text.js';

function speak(text: string, chunkSize = 2): string {
  const filter = new SpeakableTextFilter();
  let out = '';
  for (let index = 0; index < text.length; index += chunkSize) out += filter.push(text.slice(index, index + chunkSize));
  return out + filter.flush();
}

describe('SpeakableTextFilter', () => {
  it('drops markdown emphasis, code marks and headings', () => {
    expect(speak('## Answer\nThe **capital** is `Tokyo`.')).toBe('Answer The capital is Tokyo.');
  });

  it('reads a list as running text without bullets or numbers', () => {
    expect(speak('Try this:\n- keep it dark\n- keep it cool\n1. no screens\n2) no coffee')).toBe('Try this: keep it dark keep it cool no screens no coffee');
  });

  it('keeps numbers, signs and decimals that are not list markers', () => {
    expect(speak('42 is the answer.')).toBe('42 is the answer.');
    expect(speak('-5 degrees outside, 1.5 metres of snow')).toBe('-5 degrees outside, 1.5 metres of snow');
    expect(speak('12')).toBe('12');
  });

  it('leaves plain sentences untouched', () => {
    expect(speak('The moon is about 384,400 kilometres away. That is far!', 5)).toBe('The moon is about 384,400 kilometres away. That is far!');
  });
});
