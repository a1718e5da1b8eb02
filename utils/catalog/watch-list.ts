/**
 * The popup's price watches: the list (with what a clicked notification asked to show), editing,
 * snoozing and removing, and "Watch price" on a cart line. Behind an injected `send`, like the
 * popup's other stores; the view only renders its state.
 */
import type { Reason } from '../platform/errors';
import { messageOf, PageStore, type PageSend } from '../platform/page-store';
import type { WatchChange, WatchRuleInput, WatchView } from './watch-store';

export interface WatchListState {
  status: 'loading' | 'ready';
  watches: WatchView[];
  /** The product a clicked notification asked the popup to show (its watches come first and are marked). */
  focusProductId: string | null;
  /** The watch whose form is open. */
  editing: string | null;
  /** The cart line whose "Watch price" form is open, and the line whose watch was just saved. */
  cartLine: string | null;
  cartSaved: string | null;
  /** Watches (or a cart line) with a request in flight. */
  pending: string[];
  /** The background's refusal of the open form. */
  formError: Reason | null;
  error: Reason | null;
}

export interface WatchChoice {
  rule: WatchRuleInput;
  anyVariant: boolean;
}

export function initialWatchListState(): WatchListState {
  return { status: 'loading', watches: [], focusProductId: null, editing: null, cartLine: null, cartSaved: null, pending: [], formError: null, error: null };
}

export class WatchListController extends PageStore<WatchListState> {
  constructor(send: PageSend) {
    super(initialWatchListState(), send);
  }

  /**
   * Loads the list. True when the popup should open on it: a notification was clicked, or
   * alerts came that the popup has not shown.
   */
  async load(): Promise<boolean> {
    try {
      const list = await this.ask({ type: 'list-watches' });
      const focusProductId = list.focus?.kind === 'product' ? list.focus.productId : null;
      this.update({ status: 'ready', watches: ordered(list.watches, focusProductId), focusProductId, error: null });
      return list.focus !== null || list.watches.some((watch) => watch.unseen);
    } catch (error) {
      this.update({ status: 'ready', error: messageOf(error) });
      return false;
    }
  }

  /** The list is on screen: its alerts count as seen (the toolbar badge clears); they stay marked until the next load. */
  async shown(): Promise<void> {
    if (!this.state.watches.some((watch) => watch.unseen)) return;
    try {
      await this.ask({ type: 'alerts-seen' });
    } catch (error) {
      this.update({ error: messageOf(error) });
    }
  }

  edit(watchId: string | null): void {
    this.update({ editing: watchId, formError: null });
  }

  private async busy<T>(key: string, work: () => Promise<T>): Promise<T | null> {
    if (this.state.pending.includes(key)) return null;
    this.update({ pending: [...this.state.pending, key], error: null, formError: null });
    try {
      return await work();
    } finally {
      this.update({ pending: this.state.pending.filter((id) => id !== key) });
    }
  }

  private async reload(): Promise<void> {
    const list = await this.ask({ type: 'list-watches' });
    // What a notification asked to show stays first while the popup is open.
    this.update({ watches: ordered(list.watches, this.state.focusProductId) });
  }

  /** Saves the edited watch (measured again from the price now). */
  async save(watch: WatchView, choice: WatchChoice): Promise<void> {
    await this.busy(watch.id, async () => {
      try {
        const variantId = choice.anyVariant ? null : watch.variantId;
        await this.ask({ type: 'save-watch', productId: watch.productId, variantId, watchId: watch.id, rule: choice.rule, trusted: true });
        this.update({ editing: null });
        await this.reload();
      } catch (error) {
        this.update({ formError: messageOf(error) });
      }
    });
  }

  async change(watch: WatchView, change: WatchChange): Promise<void> {
    await this.busy(watch.id, async () => {
      try {
        await this.ask({ type: 'change-watch', productId: watch.productId, watchId: watch.id, change, trusted: true });
        await this.reload();
      } catch (error) {
        this.update({ error: messageOf(error) });
        await this.reload().catch(() => undefined);
      }
    });
  }

  /** Opens (or closes, with null) the "Watch price" form of a cart line. */
  openCartForm(lineId: string | null): void {
    this.update({ cartLine: lineId, cartSaved: null, formError: null });
  }

  /** A watch on a cart line's product: its option, or any option. */
  async watchLine(line: { id: string; productId: string; variantId: string }, choice: WatchChoice): Promise<void> {
    await this.busy(`line:${line.id}`, async () => {
      try {
        await this.ask({ type: 'save-watch', productId: line.productId, variantId: choice.anyVariant ? null : line.variantId, watchId: null, rule: choice.rule, trusted: true });
        this.update({ cartLine: null, cartSaved: line.id });
        await this.reload();
      } catch (error) {
        this.update({ formError: messageOf(error) });
      }
    });
  }
}

/** The focused product's watches first, the rest as the background listed them (newest first). */
function ordered(watches: WatchView[], focusProductId: string | null): WatchView[] {
  if (!focusProductId) return watches;
  return [...watches.filter((w) => w.productId === focusProductId), ...watches.filter((w) => w.productId !== focusProductId)];
}
