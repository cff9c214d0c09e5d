import { useEffect, useState } from 'react';
import { historyProblem, type HistoryProblem } from '../api/sessions';

export type Resource<T> = { kind: 'loading' } | { kind: 'ready'; value: T } | { kind: 'problem'; problem: HistoryProblem };

/** Loads one API resource, cancelling on unmount or when `key` changes; `reload` fetches again. */
export function useApiResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  key: string,
  what: 'list' | 'session' = 'list',
): { resource: Resource<T>; reload: () => void } {
  const [resource, setResource] = useState<Resource<T>>({ kind: 'loading' });
  const [round, setRound] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setResource({ kind: 'loading' });
    load(controller.signal)
      .then((value) => setResource({ kind: 'ready', value }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setResource({ kind: 'problem', problem: historyProblem(error, what) });
      });
    return () => controller.abort();
    // `load` is recreated per render by callers; `key` names what it loads.
  }, [key, round]);

  return { resource, reload: () => setRound((n) => n + 1) };
}
