/** Builders shared by the price history, pricing and watch tests. */
import { DAY_MS, recordObservation, type VariantHistory } from '@/utils/catalog/history';
import type { StoredProduct, StoredVariant } from '@/utils/catalog/model';

/** A fixed midnight UTC, so day arithmetic in tests is easy to read. */
export const T0 = Date.UTC(2026, 0, 1);
export const day = (n: number) => T0 + n * DAY_MS;

export interface Step {
  at: number;
  price: number;
  inStock?: boolean;
  currency?: string;
}

/** A variant's history as sync would have recorded these observations, one at a time. */
export function historyOf(steps: readonly Step[], variantId = 'v1'): VariantHistory {
  let history: VariantHistory | undefined;
  for (const step of steps) {
    history = recordObservation(history, { variantId, priceMinor: step.price, currency: step.currency ?? 'USD', inStock: step.inStock ?? true }, step.at);
  }
  if (!history) throw new Error('historyOf needs at least one step');
  return history;
}

export function variant(id: string, priceMinor: number, overrides: Partial<StoredVariant> = {}): StoredVariant {
  return { id, title: id, priceMinor, compareAtMinor: null, currency: 'USD', available: true, sku: null, ...overrides };
}

export function product(id: string, variants: StoredVariant[]): StoredProduct {
  return {
    id,
    merchantId: 'm1',
    title: `Product ${id}`,
    url: `https://shop.example/products/${id}`,
    images: [],
    brand: null,
    gtin: null,
    description: '',
    variants,
    updatedAt: '2026-01-01T00:00:00Z',
    sourceId: 's1',
    urlKey: null,
  };
}
