/** The stateful product card: loads the card from the background and adds to the cart. */
import { useEffect, useState } from 'preact/hooks';
import { ProductCard, type ActionStatus } from '@/components/overlay/ProductCard';
import type { CardData, PostOffer } from '../platform/messages';
import type { PostSource } from '../catalog/model';
import { reasonOfError } from '../platform/errors';
import { reasonText, t } from '../platform/i18n';
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

export function CardContainer({ offer, source, send, onReady, onAdded, onClose }: CardContainerProps) {
  const [data, setData] = useState<CardData | null>(null);
  const [loading, setLoading] = useState(true);
  const [variantId, setVariantId] = useState<string | null>(offer.variantId);
  const [status, setStatus] = useState<ActionStatus>({ kind: 'idle' });

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
      .catch((error: unknown) => setStatus({ kind: 'error', message: t('cardAddFailed', reasonText(reasonOfError(error))) }));
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
    />
  );
}
