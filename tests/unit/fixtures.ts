/** Test data more than one unit test file uses. */

/** A shopper's saved details, every field filled the way the checkout form saves them. */
export const CONTACT = {
  email: 'ana@example.com',
  phone: '',
  firstName: 'Ana',
  lastName: 'Reyes',
  address1: '12 Harbor St',
  address2: '',
  city: 'Portland',
  region: 'OR',
  postalCode: '97201',
  country: 'US',
};

/** The post a cart line came from. */
export const POST = { platform: 'instagram', postId: 'C8xYz123abc', url: 'https://www.instagram.com/p/C8xYz123abc/' } as const;
