import type { PostOffer } from '@/utils/messages';
import { t } from '@/utils/i18n';
import { BuyButton } from './BuyButton';

export interface PostOverlayProps {
  offers: PostOffer[];
  sellerMode: boolean;
  placement: 'bar' | 'overlay';
  onOpenCard: (offer: PostOffer, event: MouseEvent) => void;
  onTag: (event: MouseEvent) => void;
}

/** The row of buy buttons (and, for sellers, the tag control) mounted on one post. */
export function PostOverlay({ offers, sellerMode, placement, onOpenCard, onTag }: PostOverlayProps) {
  return (
    <div class={placement} data-postcart-overlay="">
      {offers.map((offer) => (
        <BuyButton key={offer.matchId} offer={offer} onOpen={onOpenCard} />
      ))}
      {sellerMode && (
        <button type="button" class="tag" aria-haspopup="dialog" onClick={onTag}>
          {t('tagButton')}
        </button>
      )}
    </div>
  );
}
