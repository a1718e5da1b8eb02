/**
 * The stateful product card: loads the card from the background, adds to the cart and keeps price
 * watches. A "same item elsewhere" offer opens the other merchant's card in the same popover (with a
 * way back); adding to the cart from there keeps the post as its source.
 */
import { useEffect, useState } from 'preact/hooks';
import { ProductCard, type ActionStatus } from '@/components/overlay/ProductCard';
import type { WatchStatus } from '@/components/overlay/CardWatches';
import type { AiOffer } from '@/components/overlay/ReviewInsights';
import type { SummarizerOptions } from '../catalog/insights/schema';
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
  /** Called after the background added `quantity` of a product to the cart (anonymous analytics). */
  onAdded?: (quantity: number, productId: string) => void;
  /** Called after a product read from a linked shop was removed from the cache. */
  onForgotten?: () => void;
  onClose: () => void;
}

/** A refusal in words: the background's reason, or the generic one. */
function refusal(error: unknown): string {
  return error instanceof UserError ? reasonText(error.reason) : t('errUnexpected');
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

export function CardContainer({ offer, source, send, onReady, onAdded, onForgotten, onClose }: CardContainerProps) {
  const [shown, setShown] = useState<Shown>({ productId: offer.productId, variantId: offer.variantId });
  /** The cards this one was opened from, for "Back". */
  const [trail, setTrail] = useState<Shown[]>([]);
  const [data, setData] = useState<CardData | null>(null);
  const [loading, setLoading] = useState(true);
  const [variantId, setVariantId] = useState<string | null>(offer.variantId);
  const [status, setStatus] = useState<ActionStatus>({ kind: 'idle' });
  const [watchStatus, setWatchStatus] = useState<WatchStatus>({ kind: 'idle' });
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

  // Another option's price history: the card is asked again for it (the rest stays as shown).
  useEffect(() => {
    if (!data || !variantId || data.price?.variantId === variantId) return;
    let live = true;
    send({ type: 'get-card', productId: shown.productId, variantId })
      .then((card) => live && card && setData((current) => (current ? { ...current, price: card.price, watches: card.watches } : card)))
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
    if (!event.isTrusted || !variantId || status.kind === 'busy') return;
    const { productId } = shown;
    setStatus({ kind: 'busy' });
    send({ type: 'add-to-cart', productId, variantId, quantity: 1, source, trusted: true })
      .then(() => {
        setStatus({ kind: 'done', message: t('cardAdded') });
        onAdded?.(1, productId);
      })
      .catch((error: unknown) => setStatus({ kind: 'error', message: t('cardAddFailed', refusal(error)) }));
  };

  /** Watches change only on a real user's action, and the card shows the product's watches as the background answers. */
  const watchRequest = (event: Event, ask: () => Promise<CardData['watches']>, saving: boolean) => {
    if (!event.isTrusted) return;
    setWatchStatus({ kind: 'busy' });
    ask()
      .then((watches) => {
        setData((current) => current && { ...current, watches });
        setWatchStatus(saving ? { kind: 'saved' } : { kind: 'idle' });
      })
      .catch((error: unknown) => setWatchStatus({ kind: 'error', message: refusal(error) }));
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
      onForget={(event) => {
        if (event.isTrusted) void send({ type: 'forget-linked', productId: shown.productId, trusted: true }).then(onForgotten, () => undefined);
      }}
      onClose={onClose}
      watchStatus={watchStatus}
      onSaveWatch={(choice, event) =>
        watchRequest(event, () => send({ type: 'save-watch', productId: shown.productId, variantId: choice.variantId, watchId: choice.watchId, rule: choice.rule, trusted: true }), true)
      }
      onChangeWatch={(watchId, change, event) => watchRequest(event, () => send({ type: 'change-watch', productId: shown.productId, watchId, change, trusted: true }), false)}
      onWatchFormToggle={() => setWatchStatus({ kind: 'idle' })}
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
