/** The stateful product card: loads the card from the background, adds to the cart and keeps price watches. */
import { useEffect, useState } from 'preact/hooks';
import { ProductCard, type ActionStatus } from '@/components/overlay/ProductCard';
import type { WatchStatus } from '@/components/overlay/CardWatches';
import type { CardData, PostOffer } from '../platform/messages';
import type { PostSource } from '../catalog/model';
import { reasonText, t } from '../platform/i18n';
import { UserError } from '../platform/errors';
import type { Send } from './messenger';

export interface CardContainerProps {
  offer: PostOffer;
  source: PostSource;
  send: Send;
  /** Called once the card has its content, to move focus into it. */
  onReady?: () => void;
  /** Called after the background added `quantity` to the cart (anonymous analytics). */
  onAdded?: (quantity: number) => void;
  onClose: () => void;
}

/** A refusal in words: the background's reason, or the generic one. */
function refusal(error: unknown): string {
  return error instanceof UserError ? reasonText(error.reason) : t('errUnexpected');
}

export function CardContainer({ offer, source, send, onReady, onAdded, onClose }: CardContainerProps) {
  const [data, setData] = useState<CardData | null>(null);
  const [loading, setLoading] = useState(true);
  const [variantId, setVariantId] = useState<string | null>(offer.variantId);
  const [status, setStatus] = useState<ActionStatus>({ kind: 'idle' });
  const [watchStatus, setWatchStatus] = useState<WatchStatus>({ kind: 'idle' });

  useEffect(() => {
    let live = true;
    send({ type: 'get-card', productId: offer.productId, variantId: offer.variantId })
      .then((card) => {
        if (!live) return;
        setData(card);
        if (card) setVariantId(card.selectedVariantId);
      })
      .catch(() => live && setData(null))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [offer.productId, offer.variantId]);

  // Another option's price history: the card is asked again for it (the rest stays as shown).
  useEffect(() => {
    if (!data || !variantId || data.price?.variantId === variantId) return;
    let live = true;
    send({ type: 'get-card', productId: offer.productId, variantId })
      .then((card) => live && card && setData((shown) => (shown ? { ...shown, price: card.price, watches: card.watches } : card)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [variantId, data?.price?.variantId]);

  useEffect(() => {
    if (!loading) onReady?.();
  }, [loading]);

  const onAdd = (event: MouseEvent) => {
    // A page script can dispatch clicks on our button; only a real user adds to the cart.
    if (!event.isTrusted || !variantId) return;
    setStatus({ kind: 'busy' });
    send({ type: 'add-to-cart', productId: offer.productId, variantId, quantity: 1, source, trusted: true })
      .then(() => {
        setStatus({ kind: 'done', message: t('cardAdded') });
        onAdded?.(1);
      })
      .catch((error: unknown) => setStatus({ kind: 'error', message: t('cardAddFailed', String((error as Error).message)) }));
  };

  /** Watches change only on a real user's action, and the card shows the product's watches as the background answers. */
  const watchRequest = (event: Event, ask: () => Promise<CardData['watches']>, saving: boolean) => {
    if (!event.isTrusted) return;
    setWatchStatus({ kind: 'busy' });
    ask()
      .then((watches) => {
        setData((shown) => shown && { ...shown, watches });
        setWatchStatus(saving ? { kind: 'saved' } : { kind: 'idle' });
      })
      .catch((error: unknown) => setWatchStatus({ kind: 'error', message: refusal(error) }));
  };

  return (
    <ProductCard
      data={data}
      reason={offer.reason}
      loading={loading}
      variantId={variantId}
      status={status}
      onSelectVariant={(id) => {
        setVariantId(id);
        setStatus({ kind: 'idle' });
      }}
      onAdd={onAdd}
      onClose={onClose}
      watchStatus={watchStatus}
      onSaveWatch={(choice, event) =>
        watchRequest(event, () => send({ type: 'save-watch', productId: offer.productId, variantId: choice.variantId, watchId: choice.watchId, rule: choice.rule, trusted: true }), true)
      }
      onChangeWatch={(watchId, change, event) => watchRequest(event, () => send({ type: 'change-watch', productId: offer.productId, watchId, change, trusted: true }), false)}
      onWatchFormToggle={() => setWatchStatus({ kind: 'idle' })}
    />
  );
}
