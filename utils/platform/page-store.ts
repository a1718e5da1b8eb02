import { reasonOfError, UserError, type Reason } from './errors';
import type { PageRequest } from './messages';
import { request } from './request';

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

/** How an extension page talks to the background (tests answer in memory). */
export type PageSend = (message: PageRequest) => Promise<unknown>;

/** The reason of a failure, for the page to show in words (`reasonText`). */
export function messageOf(error: unknown): Reason {
  if (!(error instanceof UserError)) console.error('[postcart]', error);
  return reasonOfError(error);
}

/** A Store of an extension page that asks the background for what it shows. */
export class PageStore<S extends object> extends Store<S> {
  constructor(
    state: S,
    protected readonly send: PageSend,
  ) {
    super(state);
  }

  /** Sends a request and unwraps the background's reply; throws with its reason. */
  protected ask<T extends PageRequest>(message: T) {
    return request<T>(this.send, message);
  }
}
