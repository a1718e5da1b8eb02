/**
 * A price watch as the card, the cart and the popup show it: its rule in words, its state, the
 * actions on it, and the form that makes or edits one. Render only: the overlay and the popup
 * send what the shopper chose to the background, which decides (and refuses with a reason).
 */
import { useState } from 'preact/hooks';
import type { WatchChange, WatchRuleInput, WatchView } from '@/utils/catalog/watch-store';
import { formatDate, formatDateTime, formatMoney, formatPercent } from '@/utils/platform/format';
import { toDecimal } from '@/utils/platform/money';
import { t } from '@/utils/platform/i18n';

type Rule = WatchView['rule'];

/** "At or below $99.00", "Drops by 10% or more", "Back in stock". */
export function ruleText(rule: Rule, currency: string, locale?: string): string {
  switch (rule.kind) {
    case 'target':
      return t('popupWatchTarget', formatMoney({ minor: rule.targetMinor, currency }, locale));
    case 'drop-percent':
      return t('popupWatchDropPercent', formatPercent(rule.percent / 100, locale));
    case 'drop-amount':
      return t('popupWatchDropAmount', formatMoney({ minor: rule.amountMinor, currency }, locale));
    case 'back-in-stock':
      return t('popupWatchBackInStock');
  }
}

const PROBLEM_KEYS = { 'product-gone': 'popupWatchProductGone', 'variant-gone': 'popupWatchVariantGone', 'currency-changed': 'popupWatchCurrencyChanged' } as const;

const ACTION_KEYS: Record<WatchChange | 'edit', string> = {
  edit: 'popupWatchEdit',
  day: 'popupWatchSnoozeDay',
  week: 'popupWatchSnoozeWeek',
  off: 'popupWatchOff',
  resume: 'popupWatchResume',
  remove: 'popupWatchRemove',
};

export interface WatchStateProps {
  watch: WatchView;
  now: number;
  locale?: string;
}

/** Off, snoozed until when, or the problem that keeps it from being followed. */
export function watchStateText({ watch, now, locale }: WatchStateProps): string {
  if (watch.problem) return t(PROBLEM_KEYS[watch.problem]);
  if (!watch.enabled) return t('popupWatchIsOff');
  if (watch.snoozedUntil !== null && watch.snoozedUntil > now) return t('popupWatchSnoozedUntil', formatDateTime(watch.snoozedUntil, locale));
  return '';
}

export interface WatchActionsProps {
  watch: WatchView;
  /** Which snooze choices to offer (the card offers fewer than the popup). */
  snoozes: readonly ('day' | 'week' | 'off')[];
  now: number;
  busy: boolean;
  /** Names the watch in the buttons' accessible names ("Remove: At or below $99.00"). */
  label: string;
  onEdit?: () => void;
  onChange: (change: WatchChange, event: MouseEvent) => void;
}

/** Edit, snooze (or resume when snoozed or off), remove. */
export function WatchActions({ watch, snoozes, now, busy, label, onEdit, onChange }: WatchActionsProps) {
  const paused = !watch.enabled || (watch.snoozedUntil !== null && watch.snoozedUntil > now);
  const changes: WatchChange[] = [...(paused ? (['resume'] as const) : snoozes), 'remove'];
  return (
    <span class="watch-actions">
      {onEdit && !watch.problem?.startsWith('product') && (
        <button type="button" class="link" disabled={busy} aria-label={`${t(ACTION_KEYS.edit)}: ${label}`} onClick={onEdit}>
          {t(ACTION_KEYS.edit)}
        </button>
      )}
      {changes.map((change) => (
        <button key={change} type="button" class="link" disabled={busy} aria-label={`${t(ACTION_KEYS[change])}: ${label}`} onClick={(event) => onChange(change, event)}>
          {t(ACTION_KEYS[change])}
        </button>
      ))}
    </span>
  );
}

export interface WatchFormProps {
  /** Prefix for the form's element ids (one form per page at a time). */
  idPrefix: string;
  currency: string;
  /** The product has several options: "any option" can be chosen for a price rule. */
  canAnyVariant: boolean;
  /** The option is out of stock: "back in stock" can be chosen. */
  canBackInStock: boolean;
  /** The watch being edited. */
  editing?: WatchView | null;
  busy: boolean;
  /** The background's refusal, in words. */
  error: string;
  onSave: (choice: { rule: WatchRuleInput; anyVariant: boolean }, event: Event) => void;
  onCancel: () => void;
}

type Kind = WatchRuleInput['kind'];

function initialValue(rule: Rule | undefined, currency: string): string {
  if (rule?.kind === 'target') return toDecimal(rule.targetMinor, currency);
  if (rule?.kind === 'drop-amount') return toDecimal(rule.amountMinor, currency);
  if (rule?.kind === 'drop-percent') return String(rule.percent);
  return '';
}

/** A target price, a drop by N % or N units, or back in stock. */
export function WatchForm({ idPrefix, currency, canAnyVariant, canBackInStock, editing, busy, error, onSave, onCancel }: WatchFormProps) {
  const [kind, setKind] = useState<Kind>(editing?.rule.kind ?? (canBackInStock ? 'back-in-stock' : 'target'));
  const [value, setValue] = useState(initialValue(editing?.rule, currency));
  const [anyVariant, setAnyVariant] = useState(editing ? editing.variantId === null : false);
  const [problem, setProblem] = useState('');
  const valueLabel = kind === 'target' ? t('cardWatchTarget') : kind === 'drop-percent' ? t('cardWatchDropPercent') : t('cardWatchDropAmount');
  const kinds: Kind[] = ['target', 'drop-percent', 'drop-amount', ...(canBackInStock || editing?.rule.kind === 'back-in-stock' ? (['back-in-stock'] as const) : [])];

  // Saved from the button's click or Enter's keydown, never from a submit event: a script's
  // click() on a submit button still fires a trusted submit, so only these say a person acted.
  const submit = (event: MouseEvent | KeyboardEvent) => {
    event.preventDefault();
    // Amounts as typed in any locale: "99,50" is 99.50.
    const typed = value.trim().replace(',', '.');
    let rule: WatchRuleInput;
    if (kind === 'back-in-stock') rule = { kind };
    else if (kind === 'drop-percent') {
      const percent = Number(typed);
      if (!Number.isInteger(percent) || percent < 1 || percent > 99) return setProblem(t('errWatchPercent'));
      rule = { kind, percent };
    } else {
      if (!/^\d+(\.\d+)?$/.test(typed)) return setProblem(t('errWatchAmount'));
      rule = kind === 'target' ? { kind, target: typed } : { kind, amount: typed };
    }
    setProblem('');
    onSave({ rule, anyVariant: kind !== 'back-in-stock' && anyVariant }, event);
  };
  const shown = problem || error;
  return (
    <form class="watch-form" onSubmit={(event) => event.preventDefault()} noValidate>
      <label for={`${idPrefix}-kind`}>{t('cardWatchRule')}</label>
      <select id={`${idPrefix}-kind`} value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as Kind)}>
        {kinds.map((option) => (
          <option key={option} value={option}>
            {t(KIND_KEYS[option])}
          </option>
        ))}
      </select>
      {kind !== 'back-in-stock' && (
        <>
          <label for={`${idPrefix}-value`}>{valueLabel}</label>
          <input
            id={`${idPrefix}-value`}
            type="text"
            inputMode={kind === 'drop-percent' ? 'numeric' : 'decimal'}
            autoComplete="off"
            value={value}
            aria-invalid={shown ? 'true' : undefined}
            aria-describedby={shown ? `${idPrefix}-error` : undefined}
            onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
            onKeyDown={(e) => e.key === 'Enter' && submit(e)}
          />
          {canAnyVariant && (
            <label class="check">
              <input type="checkbox" checked={anyVariant} onChange={(e) => setAnyVariant((e.currentTarget as HTMLInputElement).checked)} /> {t('cardWatchAnyVariant')}
            </label>
          )}
        </>
      )}
      <p class="error" id={`${idPrefix}-error`} role="alert">
        {shown}
      </p>
      <div class="row">
        <button type="button" class="primary" disabled={busy} onClick={submit}>
          {t('cardWatchSave')}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          {t('cardWatchCancel')}
        </button>
      </div>
    </form>
  );
}

const KIND_KEYS: Record<Kind, string> = {
  target: 'cardWatchKindTarget',
  'drop-percent': 'cardWatchKindDropPercent',
  'drop-amount': 'cardWatchKindDropAmount',
  'back-in-stock': 'cardWatchBackInStock',
};

/** "Watching since Nov 2, 2026" / "Alerted Nov 9 at $99.00". */
export function watchHistoryText(watch: WatchView, locale?: string): string {
  const since = t('popupWatchSince', formatDate(watch.createdAt, locale));
  return watch.alerted ? `${since} · ${t('popupWatchAlerted', [formatDate(watch.alerted.at, locale), formatMoney({ minor: watch.alerted.priceMinor, currency: watch.currency }, locale)])}` : since;
}
