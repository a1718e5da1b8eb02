import type { Reason } from '@/utils/platform/errors';
import type { PostOffer } from '@/utils/platform/messages';
import { t } from '@/utils/platform/i18n';
import { BuyButton } from './BuyButton';

export interface PostOverlayProps {
  offers: PostOffer[];
  sellerMode: boolean;
  /** The seller's own post (its author is their connected account): tagging comes first. */
  own?: boolean;
  placement: 'bar' | 'overlay';
  /** What the "Check price" chip says, on a post without offers that links to a shop's product page. */
  chip?: Reason;
  onCheck?: (event: MouseEvent) => void;
  /** The inline size each pill may take (px), as measured where the overlay sits. */
  room?: number;
  onOpenCard: (offer: PostOffer, event: MouseEvent) => void;
  onTag: (event: MouseEvent) => void;
}

/** The row of buy buttons (or the "Check price" chip, and for sellers the tag control) mounted on one post. */
export function PostOverlay({ offers, sellerMode, own = false, placement, chip, onCheck, room, onOpenCard, onTag }: PostOverlayProps) {
  const tag = sellerMode && (
    <button type="button" class={own ? 'tag own' : 'tag'} aria-haspopup="dialog" onClick={onTag}>
      {own ? t('tagOwnButton') : t('tagButton')}
    </button>
  );
  const checking = chip?.key === 'linkedChecking';
  return (
    <div class={placement} data-postcart-overlay="">
      {own && tag}
      {offers.map((offer) => (
        <BuyButton key={offer.matchId} offer={offer} room={room} onOpen={onOpenCard} />
      ))}
      {chip && (
        <button type="button" class="chip" disabled={checking} aria-live="polite" onClick={onCheck}>
          {t(chip.key, chip.args)}
        </button>
      )}
      {!own && tag}
    </div>
  );
}
