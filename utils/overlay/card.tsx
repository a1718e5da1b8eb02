/**
 * The stateful product card: loads the card from the background and adds to the cart. A "same item
 * elsewhere" offer opens the other merchant's card in the same popover (with a way back); adding
 * to the cart from there keeps the post as its source.
 */
import { useEffect, useState } from 'preact/hooks';
import { ProductCard, type ActionStatus } from '@/components/overlay/ProductCard';
import type { AiOffer } from '@/components/overlay/ReviewInsights';
import type { SummarizerOptions } from '../catalog/insights/schema';
import type { CardData, PostOffer } from '../platform/messages';
import type { PostSource } from '../catalog/model';
import { t } from '../platform/i18n';
import type { Send } from './messenger';

export interface CardContainerProps {
  offer: PostOffer;
  source: PostSource;
  send: Send;
  /** Called once the card has its content, to move focus into it. */
  onReady?: () => void;
  /** Called after the background added `quantity` of a product to the cart (anonymous analytics). */
  onAdded?: (quantity: number, productId: string) => void;
  onClose: () => void;
}

/**
 * Whether Chrome's built-in Summarizer can summarise these reviews: asking does not download
 * anything (that takes a click in the AI window). Absent in other browsers and refused where a
 * page's permissions policy forbids it: then there is no button.
 */
async function summarizerOffer(options: SummarizerOptions): Promise<AiOffer> {
  const api = (globalThis as { Summarizer?: { availability(options: SummarizerOptions): Promise<string> } }).Summarizer;
  try {
    const availability = api ? await api.availability(options) : 'unavailable';
    return availability === 'available' ? 'available' : availability === 'downloadable' || availability === 'downloading' ? 'downloadable' : null;
  } catch {
    return null;
  }
}

interface Shown {
  productId: string;
  variantId: string | null;
}

export function CardContainer({ offer, source, send, onReady, onAdded, onClose }: CardContainerProps) {
  const [shown, setShown] = useState<Shown>({ productId: offer.productId, variantId: offer.variantId });
  /** The cards this one was opened from, for "Back". */
  const [trail, setTrail] = useState<Shown[]>([]);
  const [data, setData] = useState<CardData | null>(null);
  const [loading, setLoading] = useState(true);
  const [variantId, setVariantId] = useState<string | null>(offer.variantId);
  const [status, setStatus] = useState<ActionStatus>({ kind: 'idle' });
  const [ai, setAi] = useState<AiOffer>(null);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setStatus({ kind: 'idle' });
    send({ type: 'get-card', productId: shown.productId, variantId: shown.variantId })
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
  }, [shown]);

  useEffect(() => {
    let live = true;
    setAi(null);
    const options = data?.insights?.ai?.options;
    if (options) void summarizerOffer(options).then((offered) => live && setAi(offered));
    return () => {
      live = false;
    };
  }, [data]);

  useEffect(() => {
    if (!loading) onReady?.();
  }, [loading]);

  const onAdd = (event: MouseEvent) => {
    // A page script can dispatch clicks on our button; only a real user adds to the cart.
    if (!event.isTrusted || !variantId) return;
    const { productId } = shown;
    setStatus({ kind: 'busy' });
    send({ type: 'add-to-cart', productId, variantId, quantity: 1, source, trusted: true })
      .then(() => {
        setStatus({ kind: 'done', message: t('cardAdded') });
        onAdded?.(1, productId);
      })
      .catch((error: unknown) => setStatus({ kind: 'error', message: t('cardAddFailed', String((error as Error).message)) }));
  };

  const back = trail[trail.length - 1];
  return (
    <ProductCard
      data={data}
      reason={back ? null : offer.reason}
      loading={loading}
      variantId={variantId}
      status={status}
      onSelectVariant={(id) => {
        setVariantId(id);
        setStatus({ kind: 'idle' });
      }}
      onAdd={onAdd}
      onClose={onClose}
      ai={ai}
      onAi={(event) => {
        // Opens a window: only for the shopper's own click.
        if (event.isTrusted && data) send({ type: 'open-ai-summary', productId: data.product.id, trusted: true }).catch(() => undefined);
      }}
      onViewSameItem={(same) => {
        setTrail([...trail, { productId: shown.productId, variantId }]);
        setShown({ productId: same.productId, variantId: same.variantId });
      }}
      onBack={
        back &&
        (() => {
          setTrail(trail.slice(0, -1));
          setShown(back);
        })
      }
    />
  );
}
