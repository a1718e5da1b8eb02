/**
 * A deterministic, realistic-looking catalog for the search benchmark and the larger search unit
 * tests: many merchants and brands, multi-word titles drawn from a large vocabulary (so the term
 * dictionary is not tiny), several variants per product with sizes and colours, unique SKUs, GTINs
 * on most products, some accented titles and some Japanese ones.
 */
import type { StoredMerchant, StoredProduct, StoredVariant } from '../../utils/catalog/model';
import { seededRandom } from '../../utils/catalog/demo-history';

const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'ven', 'tor', 'sel', 'an', 'dri', 'mo', 'nex', 'ul', 'pa', 'ser', 'qui', 'bel', 'sto', 'fen', 'gar', 'lia', 'ox', 'tra', 'vik', 'zu'];
const NOUNS = [
  'Jacket', 'Parka', 'Vest', 'Hoodie', 'Tee', 'Shirt', 'Sweater', 'Cardigan', 'Jeans', 'Chinos', 'Shorts', 'Leggings',
  'Boots', 'Sneakers', 'Sandals', 'Socks', 'Beanie', 'Cap', 'Scarf', 'Gloves', 'Backpack', 'Tote', 'Wallet', 'Belt',
  'Notebook', 'Planner', 'Pen', 'Mug', 'Bottle', 'Tumbler', 'Candle', 'Napkins', 'Blanket', 'Pillow', 'Lamp', 'Vase',
  'Serum', 'Cleanser', 'Moisturizer', 'Sunscreen', 'Shampoo', 'Conditioner', 'Balm', 'Soap', 'Tea', 'Coffee', 'Matcha',
  'Granola', 'Chocolate', 'Honey', 'Headphones', 'Speaker', 'Charger', 'Cable', 'Case', 'Watch', 'Bracelet', 'Necklace',
  'Earrings', 'Ring', 'Sunglasses', 'Tent', 'Sleeping Bag', 'Stove', 'Lantern', 'Hammock', 'Yoga Mat', 'Dumbbell',
];
const ADJECTIVES = [
  'Trail', 'Merino', 'Organic', 'Waterproof', 'Classic', 'Everyday', 'Lightweight', 'Insulated', 'Recycled', 'Vintage',
  'Slim', 'Relaxed', 'Heritage', 'Alpine', 'Coastal', 'Urban', 'Soft', 'Heavyweight', 'Packable', 'Ceramic', 'Linen',
  'Cotton', 'Leather', 'Wool', 'Bamboo', 'Stainless', 'Travel', 'Mini', 'Deluxe', 'Essential', 'Hydrating', 'Gentle',
];
const ACCENTED = ['Crème', 'Café', 'Über', 'Piñata', 'Façade', 'Naïve', 'Smörgås', 'Brûlée', 'Déjà', 'Señorita'];
const JAPANESE = ['抹茶', 'ほうじ茶', '煎茶', 'トレイル', 'ジャケット', 'マグカップ', '手ぬぐい', '和紙', 'ノート', 'セット', '限定', '有機'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const COLORS = ['Black', 'White', 'Navy', 'Blue', 'Olive', 'Sand', 'Red', 'Grey', 'Forest', 'Rust', 'Cream', 'Charcoal'];
const VOLUMES = ['50 ml', '100 ml', '250 ml', '500 ml', '1 l'];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function pseudoWord(random: () => number): string {
  const n = 2 + Math.floor(random() * 2);
  let word = '';
  for (let i = 0; i < n; i += 1) word += pick(random, SYLLABLES);
  return capitalize(word);
}

/** GTIN-14 with a valid check digit. */
function gtin(body: number): string {
  const digits = String(body).padStart(13, '0');
  let sum = 0;
  for (let i = 0; i < 13; i += 1) sum += Number(digits[i]) * (i % 2 === 0 ? 3 : 1);
  return digits + String((10 - (sum % 10)) % 10);
}

export interface GeneratedCatalog {
  merchants: StoredMerchant[];
  products: StoredProduct[];
}

/** `count` products over `count / 2000` merchants (at least 5), deterministic for a seed. */
export function generateCatalog(count: number, seed = 42): GeneratedCatalog {
  const random = seededRandom(seed);
  const merchantCount = Math.max(5, Math.round(count / 2000));
  const merchants: StoredMerchant[] = [];
  for (let m = 0; m < merchantCount; m += 1) {
    merchants.push({
      id: `m${m}`,
      name: `${pseudoWord(random)} ${pick(random, ['Outdoor', 'Goods', 'Studio', 'Supply', 'Co.', 'Market', 'Beauty', 'Tea House'])}`,
      url: `https://m${m}.example`,
      currency: 'USD',
      checkout: { kind: 'shopify-permalink' },
      accounts: {},
      sourceId: 'bench',
    });
  }
  // A large pool of model names gives a realistic dictionary (tens of thousands of distinct words).
  const models = Array.from({ length: Math.max(50, Math.round(count / 4)) }, () => pseudoWord(random));
  const brandsByMerchant = merchants.map(() => Array.from({ length: 1 + Math.floor(random() * 4) }, () => pseudoWord(random)));

  const products: StoredProduct[] = [];
  for (let i = 0; i < count; i += 1) {
    const merchantIndex = Math.floor(random() * merchantCount);
    const merchant = merchants[merchantIndex]!;
    const brand = pick(random, brandsByMerchant[merchantIndex]!);
    const noun = pick(random, NOUNS);
    const roll = random();
    let title: string;
    if (roll < 0.04) title = `${pick(random, JAPANESE)}${pick(random, JAPANESE)}${pick(random, JAPANESE)}`;
    else if (roll < 0.08) title = `${pick(random, ACCENTED)} ${pick(random, models)} ${noun}`;
    else if (roll < 0.55) title = `${pick(random, models)} ${pick(random, ADJECTIVES)} ${noun}`;
    else title = `${pick(random, ADJECTIVES)} ${noun} ${pick(random, models)}${random() < 0.3 ? ` ${1 + Math.floor(random() * 9)}` : ''}`;

    const abbreviation = brand.slice(0, 3).toUpperCase();
    const apparel = !['Serum', 'Cleanser', 'Moisturizer', 'Sunscreen', 'Shampoo', 'Conditioner', 'Balm', 'Soap'].includes(noun);
    const variantCount = 1 + Math.floor(random() * 6);
    const color0 = Math.floor(random() * COLORS.length);
    const size0 = Math.floor(random() * 3);
    const variants: StoredVariant[] = [];
    for (let v = 0; v < variantCount; v += 1) {
      const option = apparel
        ? `${SIZES[(size0 + v) % SIZES.length]} / ${COLORS[(color0 + Math.floor(v / 3)) % COLORS.length]}`
        : VOLUMES[v % VOLUMES.length]!;
      const priceMinor = 500 + Math.floor(random() * 20_000);
      variants.push({
        id: String(10_000_000 + i * 8 + v),
        title: option,
        priceMinor,
        compareAtMinor: random() < 0.2 ? priceMinor + 1000 : null,
        currency: 'USD',
        available: random() < 0.9,
        sku: random() < 0.95 ? `${abbreviation}-${String(i).padStart(6, '0')}-${option.replace(/[^A-Za-z0-9]+/g, '')}`.toUpperCase() : null,
      });
    }
    products.push({
      id: `${merchant.id}:${i}`,
      merchantId: merchant.id,
      title,
      url: `https://${merchant.id}.example/products/${i}`,
      images: [`https://${merchant.id}.example/img/${i}.jpg`],
      brand: random() < 0.9 ? brand : null,
      gtin: random() < 0.7 ? gtin(400_000_000_000 + i) : null,
      description: `${title} by ${brand}. Made to last, shipped in recycled packaging.`,
      variants,
      updatedAt: '2026-11-20T10:00:00Z',
      sourceId: 'bench',
      urlKey: null,
    });
  }
  return { merchants, products };
}
