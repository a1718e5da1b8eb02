/**
 * The state holder behind the extension pages' controllers (popup, seller panel, dashboard): an
 * immutable state object, replaced on every change, and the views subscribed to it.
 */
export class Store<S extends object> {
  private readonly listeners = new Set<(state: S) => void>();

  constructor(protected state: S) {}

  getState(): S {
    return this.state;
  }

  subscribe(listener: (state: S) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected update(patch: Partial<S>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }
}
