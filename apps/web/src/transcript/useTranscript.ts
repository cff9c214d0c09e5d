import { useSyncExternalStore } from 'react';
import type { TranscriptEntry, TranscriptStore } from './TranscriptStore';

export function useTranscript(store: TranscriptStore): readonly TranscriptEntry[] {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
