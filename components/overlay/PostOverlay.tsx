import type { PostOffer } from '@/utils/platform/messages';
import { t } from '@/utils/platform/i18n';
import { BuyButton } from './BuyButton';

export interface PostOverlayProps {
  offers: PostOffer[];
  sellerMode: boolean;
  /** The seller's own post (its author is their connected account): tagging comes first. */
  own?: boolean;
  placement: 'bar' | 'overlay';
  /** The inline size each pill may take (px), as measured where the overlay sits. */
  room?: number;
  onOpenCard: (offer: PostOffer, event: MouseEvent) => void;
  onTag: (event: MouseEvent) => void;
}

/** The row of buy buttons (and, for sellers, the tag control) mounted on one post. */
export function PostOverlay({ offers, sellerMode, own = false, placement, room, onOpenCard, onTag }: PostOverlayProps) {
  const tag = sellerMode && (
    <button type="button" class={own ? 'tag own' : 'tag'} aria-haspopup="dialog" onClick={onTag}>
      {own ? t('tagOwnButton') : t('tagButton')}
    </button>
  );
  return (
    <div class={placement} data-postcart-overlay="">
      {own && tag}
      {offers.map((offer) => (
        <BuyButton key={offer.matchId} offer={offer} room={room} onOpen={onOpenCard} />
      ))}
      {!own && tag}
    </div>
  );
}
