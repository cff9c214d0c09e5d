import { useSyncExternalStore } from 'react';
import type { TurnMetrics } from '@parley/protocol';
import type { TurnMetricsStore } from './TurnMetricsStore';

export function useTurnMetrics(store: TurnMetricsStore): readonly TurnMetrics[] {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
