/** The background's answers about checkout: the shopper's saved details, placing and retrying orders, history. */
import type { Handlers } from '../platform/messages';
import { Contact } from './contact';
import { checkout, readOrders, submitOrder, type OrderDeps } from './orders';

type CheckoutRequest = 'get-contact' | 'save-contact' | 'forget-contact' | 'checkout' | 'retry-order' | 'get-orders';

export function checkoutHandlers(deps: OrderDeps): Handlers<CheckoutRequest> {
  const { db } = deps;
  return {
    'get-contact': async () => {
      const row = await db.meta.get('contact');
      const parsed = Contact.safeParse(row?.value);
      return parsed.success ? parsed.data : null;
    },
    'save-contact': async (m) => {
      await db.meta.put({ key: 'contact', value: m.contact });
      return m.contact;
    },
    'forget-contact': async () => {
      await db.meta.delete('contact');
      return null;
    },
    checkout: (m) => checkout(deps, m),
    'retry-order': (m) => submitOrder(deps, m.orderId),
    'get-orders': () => readOrders(db),
  };
}
