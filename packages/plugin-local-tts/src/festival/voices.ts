import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_FESTIVAL_VOICE = 'cmu_us_slt_arctic_hts';
/** Rate of the festvox-us-slt-hts voice (measured); other voices are resampled as needed. */
export const FESTIVAL_HTS_RATE = 32000;
const VOICE_DIRS = ['/usr/share/festival/voices', '/usr/local/share/festival/voices', '/usr/lib/festival/voices'];

/** Whether a Festival voice is installed (looks for voices/<language>/<voice>). */
export function festivalVoiceInstalled(voice: string): boolean {
  for (const base of VOICE_DIRS) {
    let langs: string[];
    try {
      langs = readdirSync(base);
    } catch {
      continue;
    }
    if (langs.some((lang) => existsSync(join(base, lang, voice)))) return true;
  }
  return false;
}
