/**
 * English. Stems (`comfort*`) cover inflection; words that would over-match as stems ("last",
 * "fit" → "fitness", "break" → "breakfast") are listed in full. "big" and "small" alone are left
 * out of size: they are too common in other senses ("big fan", "small scratch").
 */
import { NO_MORPHOLOGY, type Lexicon } from './types';

export const en: Lexicon = {
  language: 'en',
  aspects: {
    quality: [
      'badly made', 'build quality', 'built', 'cheaply made', 'construction', 'craftsmanship', 'feels cheap', 'flimsy', 'looks cheap',
      'poorly made', 'quality', 'seams', 'shoddy', 'stitches', 'stitching', 'well built', 'well made', 'workmanship',
    ],
    value: [
      'affordable', 'bang for', 'bargain', 'cheap', 'cheaper', 'cheapest', 'cost', 'costly', 'costs', 'deal', 'expensive', 'for the price',
      'inexpensive', 'money', 'overpriced', 'price', 'priced', 'prices', 'pricey', 'pricing', 'value', 'worth', 'worthwhile',
    ],
    delivery: [
      'arrival', 'arrive*', 'arriving', 'courier', 'deliver*', 'dispatch*', 'packag*', 'packed', 'parcel', 'postage', 'ship', 'shipment',
      'shipped', 'shipping',
    ],
    durability: [
      'broke', 'broken', 'chipped', 'cracked', 'cracks', 'dent', 'dented', 'dents', 'durab*', 'falls apart', 'fell apart', 'fragile',
      'frayed', 'fraying', 'held up', 'hold up', 'holds up', 'hole', 'holes', 'lasted', 'lasting', 'lasts', 'leak*', 'long lasting',
      'peeling', 'pilled', 'pilling', 'ripped', 'rust*', 'snapped', 'stopped working', 'sturdiness', 'sturdy', 'tore', 'torn', 'tough',
      'tougher', 'wear and tear', 'wore out', 'worn out',
    ],
    service: ['customer service', 'refund*', 'replacement', 'seller', 'service', 'support', 'warranty'],
    fit: ['baggy', 'boxy', 'fit', 'fits', 'fitted', 'fitting', 'flattering', 'loose', 'roomy', 'slim fit', 'snug', 'tight'],
    size: [
      'capacity', 'compact', 'dimension*', 'run large', 'run small', 'runs big', 'runs large', 'runs small', 'size', 'size down', 'size up',
      'sized', 'sizes', 'sizing', 'spacious', 'too big', 'too large', 'too small', 'true to size',
    ],
    comfort: [
      'blister*', 'chafe*', 'chafing', 'comfort*', 'comfy', 'cosy', 'cozy', 'cushion*', 'ergonomic', 'itch*', 'painful', 'pinch*', 'rubbed',
      'rubbing', 'rubs', 'scratchy', 'supportive', 'uncomfortabl*',
    ],
    material: [
      'aluminium', 'aluminum', 'bamboo', 'canvas', 'cast iron', 'ceramic', 'cotton', 'denim', 'fabric*', 'fleece', 'glass', 'knit',
      'leather', 'linen', 'lining', 'material*', 'merino', 'mesh', 'metal', 'nylon', 'plastic', 'polyester', 'porcelain', 'rubber', 'silk',
      'stainless', 'steel', 'stoneware', 'suede', 'textile*', 'wood', 'wooden', 'wool',
    ],
    colour: ['color*', 'colour*', 'dye', 'dyed', 'faded', 'fades', 'fading', 'hue', 'shade', 'shades', 'vibrant'],
    temperature: ['breathab*', 'chilly', 'hot', 'insulat*', 'sweat*', 'temperature', 'toasty', 'warm', 'warmer', 'warmest'],
    weight: ['bulky', 'featherweight', 'heavier', 'heavy', 'heft*', 'light weight', 'lightweight', 'packable', 'ultralight', 'weigh*'],
    battery: ['batteries', 'battery', 'charg*', 'mah', 'recharg*', 'run time', 'runtime'],
    sound: ['audio', 'bass', 'microphone', 'noise', 'noisy', 'sound', 'sound quality', 'speaker*', 'treble', 'volume'],
    screen: ['display*', 'glare', 'lcd', 'oled', 'pixel*', 'resolution', 'screen*', 'touchscreen'],
    setup: [
      'assembl*', 'bluetooth', 'connect*', 'easy to use', 'hard to use', 'install*', 'instruction*', 'manual', 'pair', 'paired', 'pairing',
      'pitch', 'pitched', 'pitching', 'set up', 'setting up', 'setup', 'user friendly',
    ],
    taste: [
      'aftertaste', 'bitter', 'bitterness', 'bland', 'delicious', 'flavor*', 'flavour*', 'grassy', 'nutty', 'savory', 'savoury', 'sweet',
      'sweetness', 'tast*', 'umami',
    ],
    smell: ['aroma*', 'fragran*', 'odor*', 'odour*', 'perfume*', 'scent*', 'smell*', 'stink*', 'unscented'],
    texture: [
      'absorb*', 'consistency', 'creamy', 'greasy', 'gritty', 'oily', 'runny', 'silky', 'sticky', 'tacky', 'textur*', 'thick', 'thin',
    ],
    skin: [
      'acne', 'breakout*', 'broke out', 'burning', 'complexion', 'dryness', 'hydrat*', 'irritat*', 'pores', 'rash', 'rashes', 'redness',
      'sensitive skin', 'skin', 'stinging', 'stings', 'tingl*',
    ],
  },
  positive: [
    'affordable', 'amazing', 'as advertised', 'as described', 'as pictured', 'as shown', 'awesome', 'bargain', 'beautiful', 'beautifully',
    'best', 'better', 'breathable', 'bright', 'brilliant', 'clear', 'comfortabl*', 'comfy', 'cosy', 'cozy', 'crisp', 'delicious', 'durable',
    'easy', 'effective', 'excellent', 'fantastic', 'fast', 'favorite', 'favourite', 'fine', 'flattering', 'flawless', 'fresh', 'gentle',
    'glad', 'good', 'gorgeous', 'great', 'happy', 'helpful', 'highly recommend', 'i like', 'ideal', 'impressed', 'impressive', 'incredible',
    'lightweight', 'liked', 'love', 'loved', 'lovely', 'loves', 'nice', 'nicely', 'outstanding', 'perfect', 'perfectly', 'pleased', 'quick',
    'quickly', 'recommend', 'recommended', 'reliable', 'roomy', 'satisfied', 'sharp', 'smooth', 'soft', 'solid', 'spacious', 'speedy',
    'stunning', 'sturdy', 'superb', 'tasty', 'terrific', 'thrilled', 'true to size', 'useful', 'vibrant', 'warm', 'warmer', 'well made',
    'wonderful', 'worth', 'worthwhile', 'yummy',
  ],
  negative: [
    'awful', 'bad', 'badly', 'bland', 'blister*', 'breakout*', 'broke', 'broken', 'cheaply made', 'complain*', 'cracked', 'crap', 'crappy',
    'damaged', 'defective', 'dented', 'disappoint*', 'expensive', 'faded', 'falls apart', 'faulty', 'feels cheap', 'fell apart', 'flimsy',
    'fragile', 'frayed', 'garbage', 'greasy', 'hate', 'hated', 'hole', 'holes', 'horrible', 'irritat*', 'issue', 'issues', 'itchy', 'junk',
    'late', 'leak*', 'looks cheap', 'mediocre', 'meh', 'missing', 'noisy', 'overpriced', 'painful', 'peeling', 'pilled', 'pilling', 'poor',
    'poorly', 'pricey', 'problem*', 'rash', 'regret*', 'ripped', 'rough', 'run large', 'run small', 'runs big', 'runs large', 'runs small',
    'rust*', 'scratched', 'scratchy', 'shoddy', 'sloppy', 'slow', 'snag*', 'stale', 'sticking', 'sticky', 'stiff', 'stopped working',
    'stuck', 'sweaty', 'terrible', 'tight', 'tore', 'torn', 'ugly', 'uncomfortabl*', 'unfortunately', 'useless', 'waste', 'wobbly', 'worse',
    'worst', 'wrong',
  ],
  negators: [
    'aint', 'arent', 'barely', 'cannot', 'cant', 'couldnt', 'didnt', 'doesnt', 'dont', 'hadnt', 'hardly', 'hasnt', 'havent', 'isnt',
    'never', 'no', 'not', 'nothing', 'shouldnt', 'wasnt', 'werent', 'without', 'wont', 'wouldnt',
  ],
  postNegators: [],
  contrast: ['although', 'but', 'except', 'however', 'though', 'whereas'],
  excessBefore: ['a bit', 'a little', 'overly', 'slightly', 'too'],
  excessAfter: [],
  stopwords: [
    'a', 'about', 'after', 'all', 'also', 'am', 'an', 'and', 'are', 'as', 'at', 'be', 'been', 'but', 'by', 'can', 'did', 'do', 'does',
    'for', 'from', 'had', 'has', 'have', 'he', 'her', 'his', 'i', 'if', 'in', 'into', 'is', 'it', 'its', 'just', 'me', 'my', 'no', 'not',
    'of', 'on', 'one', 'or', 'our', 'out', 'really', 'she', 'so', 'than', 'that', 'the', 'their', 'them', 'then', 'there', 'they', 'this',
    'to', 'too', 'up', 'very', 'was', 'we', 'were', 'what', 'when', 'which', 'with', 'would', 'you', 'your',
  ],
  productTypes: {
    apparel: [
      'anorak*', 'apron*', 'beanie*', 'blouse*', 'bra', 'bras', 'cardigan*', 'coat', 'coats', 'dress', 'dresses', 'fleece', 'gilet*',
      'glove*', 'hat', 'hats', 'hoodie*', 'jacket*', 'jeans', 'jumper*', 'leggings', 'pajama*', 'pants', 'parka*', 'pullover*', 'pyjama*',
      'robe', 'robes', 'scarf', 'scarves', 'shirt*', 'shorts', 'skirt*', 'sock', 'socks', 'suit', 'suits', 'sweater*', 'swimsuit*', 'tee',
      'tees', 'trouser*', 'underwear', 'vest', 'vests',
    ],
    footwear: ['boot', 'boots', 'footwear', 'heels', 'loafer*', 'sandal*', 'shoe*', 'slipper*', 'sneaker*', 'trainer*'],
    bags: [
      'backpack*', 'bag', 'bags', 'daypack*', 'duffel*', 'handbag*', 'luggage', 'pouch*', 'purse*', 'rucksack*', 'satchel*', 'suitcase*',
      'tote*', 'wallet*',
    ],
    outdoor: [
      'camping', 'carabiner*', 'climbing', 'hammock*', 'headlamp*', 'hiking', 'lantern*', 'sleeping bag', 'sleeping pad', 'stove', 'stoves',
      'tent', 'tents', 'trekking',
    ],
    electronics: [
      'batteries', 'battery', 'bluetooth', 'cable*', 'camera*', 'charger*', 'console*', 'drone*', 'earbud*', 'earphone*', 'flashlight*',
      'headlamp*', 'headphone*', 'keyboard*', 'laptop*', 'monitor*', 'phone*', 'power bank', 'router*', 'smartphone*', 'smartwatch*',
      'speaker*', 'tablet*', 'television*', 'tv', 'usb', 'wireless',
    ],
    food: [
      'biscuit*', 'candy', 'cereal*', 'chocolate*', 'coffee*', 'cookie*', 'genmaicha', 'granola*', 'green tea', 'hojicha', 'honey', 'jam',
      'juice*', 'matcha', 'sauce*', 'sencha', 'snack*', 'spice*', 'tea', 'teas', 'wine*',
    ],
    beauty: [
      'balm*', 'cleanser*', 'cleansing', 'conditioner*', 'cream*', 'deodorant*', 'exfoliat*', 'face', 'lip', 'lips', 'lipstick*', 'lotion*',
      'makeup', 'mascara*', 'moistur*', 'scrub*', 'serum*', 'shampoo*', 'skincare', 'soap*', 'spf', 'sunscreen*', 'toner*',
    ],
    home: [
      'basket*', 'bowl', 'bowls', 'chair*', 'clock*', 'cup', 'cups', 'cushion*', 'decor', 'dinnerware', 'frame*', 'jug', 'jugs', 'lamp',
      'lamps', 'mirror*', 'mug', 'mugs', 'pitcher*', 'plate', 'plates', 'rug', 'rugs', 'shelf', 'shelves', 'sofa*', 'table', 'tables',
      'vase*',
    ],
    textiles: [
      'bedding', 'blanket*', 'curtain*', 'duvet*', 'linen', 'linens', 'napkin*', 'pillowcase*', 'quilt*', 'sheet', 'sheets', 'tablecloth*',
      'tea towel*', 'towel*',
    ],
    kitchen: [
      'blender*', 'bottle*', 'cookware', 'cup', 'cups', 'cutting board', 'flask*', 'grinder*', 'kettle*', 'knife', 'knives', 'kyusu', 'mug',
      'mugs', 'pan', 'pans', 'pitcher*', 'pot', 'pots', 'strainer*', 'teapot*', 'tetsubin', 'tumbler*', 'whisk*', 'yunomi',
    ],
    fragrance: ['candle*', 'cologne*', 'diffuser*', 'eau de', 'fragrance*', 'incense', 'perfume*', 'room spray'],
  },
  morphology: NO_MORPHOLOGY,
  alsoRead: [],
};
