/**
 * The framework hands its worker object only to the load function, which it calls every 2.5 s
 * once the worker is registered. This wraps that function: on its first call it starts `tick`,
 * which then looks at the worker every `intervalMs` (dead jobs, freed slots).
 */
export function watchingWorker<W>(
  load: (worker: W) => Promise<number>,
  tick: (worker: W) => void,
  { intervalMs = 250, onFirstLook }: { intervalMs?: number; onFirstLook?: (worker: W) => void } = {},
): (worker: W) => Promise<number> {
  let started = false;
  return async (worker) => {
    if (!started) {
      started = true;
      onFirstLook?.(worker);
      setInterval(() => tick(worker), intervalMs).unref();
    }
    return load(worker);
  };
}
