/**
 * The overlay on the onboarding page's sample post: the same buy buttons, dots and product card a
 * shopper gets on Instagram (the real components in their shadow roots, the card from the
 * background), mounted on markup the page draws instead of a site's. Adding to the cart from it
 * adds for real: the demo products are in the catalog like any other.
 */
import { render } from 'preact';
import { PinDots } from '@/components/overlay/PinDots';
import { PostOverlay } from '@/components/overlay/PostOverlay';
import type { PostRef } from '../catalog/model';
import type { PostOffer } from '../platform/messages';
import { CardContainer } from './card';
import type { Send } from './messenger';
import { mountDotsLayer } from './pin-layer';
import { closePopover, openPopover } from './popover';
import { shadowHost } from './styles';

export interface DemoMount {
  /** Where the buy buttons go (the sample post's bar under its picture). */
  bar: Element;
  /** The sample post's picture, for the dots. */
  media: Element;
  /** The sample post element (the dots layer goes inside it). */
  post: Element;
}

/** Mounts the overlay for `offers` on the sample post; returns the unmount. */
export function mountDemoOverlay(where: DemoMount, post: PostRef, offers: PostOffer[], send: Send): () => void {
  const source = { platform: post.platform, postId: post.postId, url: post.url };
  const openCard = (offer: PostOffer, event: MouseEvent) => {
    if (!event.isTrusted) return;
    const popover = openPopover(
      event.currentTarget as Element,
      <CardContainer offer={offer} source={source} send={send} onReady={() => popover.focusFirst()} onClose={() => popover.close()} />,
    );
  };
  const { host, root } = shadowHost('overlay', { display: 'block' });
  const slot = document.createElement('div');
  root.append(slot);
  where.bar.append(host);
  render(<PostOverlay offers={offers} sellerMode={false} placement="bar" onOpenCard={openCard} onTag={() => undefined} />, slot);
  const pinned = offers.some((offer) => offer.pin);
  const dots = pinned ? mountDotsLayer(where.media, where.post) : null;
  if (dots) render(<PinDots offers={offers} onOpen={openCard} />, dots.box);
  return () => {
    closePopover();
    render(null, slot);
    host.remove();
    if (dots) {
      render(null, dots.box);
      dots.remove();
    }
  };
}
