import { useEffect, useState } from 'preact/hooks';
import type { StoredVariant } from '@/utils/catalog/model';
import type { WatchChange, WatchRuleInput, WatchView } from '@/utils/catalog/watch-store';
import { t } from '@/utils/platform/i18n';
import { ruleText, WatchActions, WatchForm, watchStateText } from '../shared/Watch';

export type WatchStatus = { kind: 'idle' } | { kind: 'busy' } | { kind: 'saved' } | { kind: 'error'; message: string };

export interface CardWatchesProps {
  /** The shopper's watches on this product. */
  watches: WatchView[];
  /** The option the card shows. */
  variant: Pick<StoredVariant, 'id' | 'currency' | 'available'>;
  hasChoice: boolean;
  status: WatchStatus;
  locale?: string;
  now: number;
  onSave: (choice: { rule: WatchRuleInput; variantId: string | null; watchId: string | null }, event: Event) => void;
  onChange: (watchId: string, change: WatchChange, event: MouseEvent) => void;
  /** Called when the form opens or closes, so a new save's status starts clean. */
  onFormToggle?: () => void;
}

/** "Watch price" in the card: the product's watches (edit, snooze a day, remove) and the form. */
export function CardWatches({ watches, variant, hasChoice, status, locale, now, onSave, onChange, onFormToggle }: CardWatchesProps) {
  // null: closed; '': a new watch; else the id of the watch being edited.
  const [form, setForm] = useState<string | null>(null);
  // A saved watch closes the form; its status line stays.
  useEffect(() => {
    if (status.kind === 'saved') setForm(null);
  }, [status]);
  const toggle = (next: string | null) => {
    setForm(next);
    onFormToggle?.();
  };
  const editing = form ? watches.find((w) => w.id === form) ?? null : null;
  const busy = status.kind === 'busy';
  return (
    <section class="watches" aria-label={t('cardWatchPrice')}>
      {watches.length > 0 && (
        <ul class="watch-list">
          {watches.map((watch) => {
            const label = ruleText(watch.rule, watch.currency, locale);
            const state = watchStateText({ watch, now, locale });
            return (
              <li key={watch.id}>
                <span>{label}</span>
                {watch.variantTitle && <span class="muted"> · {watch.variantTitle}</span>}
                {state && <span class="muted"> · {state}</span>}{' '}
                <WatchActions watch={watch} snoozes={['day']} now={now} busy={busy} label={label} onEdit={() => toggle(watch.id)} onChange={(change, event) => onChange(watch.id, change, event)} />
              </li>
            );
          })}
        </ul>
      )}
      {form === null ? (
        <button type="button" class="secondary" onClick={() => toggle('')}>
          {t('cardWatchPrice')}
        </button>
      ) : (
        <WatchForm
          key={form}
          idPrefix="postcart-watch"
          currency={editing?.currency ?? variant.currency}
          canAnyVariant={hasChoice}
          canBackInStock={!variant.available}
          editing={editing}
          busy={busy}
          error={status.kind === 'error' ? status.message : ''}
          onSave={(choice, event) => onSave({ rule: choice.rule, variantId: choice.anyVariant ? null : (editing?.variantId ?? variant.id), watchId: editing?.id ?? null }, event)}
          onCancel={() => toggle(null)}
        />
      )}
      <p class="status" role="status">
        {status.kind === 'saved' ? t('cardWatchSaved') : ''}
      </p>
    </section>
  );
}
