/** The background's answers about the cart (adding from an overlay; the popup's changes). */
import type { PostcartDB } from '../catalog/db';
import type { Handlers } from '../platform/messages';
import { acceptPrices, addToCart, buyAgain, changeVariant, readCart } from './actions';

type CartRequest = 'add-to-cart' | 'get-cart' | 'set-quantity' | 'remove-line' | 'accept-prices' | 'set-variant' | 'buy-again';

export function cartHandlers(db: PostcartDB, now: () => number): Handlers<CartRequest> {
  return {
    'add-to-cart': (m) => addToCart(db, m, now()),
    'get-cart': () => readCart(db),
    'set-quantity': async (m) => {
      await db.cart.update(m.lineId, { quantity: m.quantity });
      return readCart(db);
    },
    'remove-line': async (m) => {
      await db.cart.delete(m.lineId);
      return readCart(db);
    },
    'accept-prices': (m) => acceptPrices(db, m.merchantId),
    'set-variant': (m) => changeVariant(db, m.lineId, m.variantId),
    'buy-again': (m) => buyAgain(db, m.orderId, now()),
  };
}
