/**
 * A tiny observable value for `useSyncExternalStore`: session state that lives outside React
 * (it must start collecting before the first render of the call view) but is rendered by it.
 */
export class ExternalStore<T> {
  private listeners = new Set<() => void>();

  constructor(private value: T) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly getSnapshot = (): T => this.value;

  protected set(next: T): void {
    if (Object.is(next, this.value)) return;
    this.value = next;
    for (const listener of this.listeners) listener();
  }
}
