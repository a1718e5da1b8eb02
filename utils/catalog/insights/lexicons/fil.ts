/**
 * Tagalog / Filipino. Words are mostly roots; the matcher strips the common affixes to find them
 * (ma-ganda, napaka-ganda, d-um-ating, s-in-ira, na-sira, sulit-in, the linker in maganda-ng and
 * a repeated first syllable in ma-ga-ganda). Reviews mix in English freely ("ang ganda ng
 * quality", "sulit sa price"), so the English lexicon is read as well. Negation comes before the
 * word: «hindi maganda», «walang kwenta», «di kasya».
 */
import type { Lexicon } from './types';

export const fil: Lexicon = {
  language: 'fil',
  aspects: {
    quality: ['kalidad', 'kwalidad', 'pagkakagawa', 'pagkakatahi', 'tahi'],
    value: ['bayad', 'diskwento', 'halaga', 'mahal', 'mura', 'pera', 'presyo', 'sulit'],
    delivery: ['balot', 'courier', 'dating', 'padala', 'pagkakabalot', 'rider'],
    durability: ['basag', 'punit', 'sira', 'tibay'],
    service: ['asikaso', 'benta', 'sagot', 'serbisyo', 'tindahan'],
    fit: ['hapit', 'kasya', 'lapat', 'luwag', 'sakto', 'sikip', 'swak'],
    size: ['laki', 'liit', 'sukat'],
    comfort: ['ginhawa', 'kati', 'komportable', 'kumportable', 'presko', 'sakit'],
    material: ['bakal', 'bulak', 'kahoy', 'katad', 'koton', 'materyal', 'materyales', 'plastik', 'salamin', 'tela'],
    colour: ['kulay', 'kupas'],
    temperature: ['init', 'lamig', 'presko'],
    weight: ['bigat', 'gaan'],
    battery: ['baterya', 'karga'],
    sound: ['ingay', 'tunog'],
    screen: ['iskrin'],
    setup: ['gabay', 'instruksyon', 'kabit', 'madaling gamitin', 'mahirap gamitin'],
    taste: ['alat', 'anghang', 'lasa', 'pait', 'sarap', 'tabang', 'tamis'],
    smell: ['amoy', 'baho', 'bango', 'halimuyak'],
    texture: ['gaspang', 'kinis', 'lagkit', 'lambot', 'lapot', 'mantika'],
    skin: ['balat', 'kati', 'pamumula', 'pantal', 'tigyawat'],
  },
  positive: [
    '*rekomenda*', 'ayos', 'bango', 'bilis', 'dali', 'ganda', 'ginhawa', 'goods', 'gusto', 'gustuhan', 'kinis', 'komportable',
    'kumportable', 'kuntento', 'kwenta', 'lambot', 'legit', 'linaw', 'linis', 'magaling', 'ok', 'okay', 'panalo', 'perpekto', 'presko',
    'sakto', 'salamat', 'sarap', 'saya', 'sulit', 'swak', 'tama', 'tibay',
  ],
  negative: [
    'bagal', 'baho', 'basag', 'depekto', 'dismaya', 'dumi', 'gasgas', 'hassle', 'hina', 'kati', 'kulang', 'kupas', 'lagkit', 'lungkot',
    'mahal', 'mali', 'masama', 'nipis', 'pait', 'panget', 'pangit', 'pantal', 'peke', 'problema', 'punit', 'reklamo', 'sablay', 'sakit',
    'sayang', 'sira', 'tabang', 'tigyawat',
  ],
  negators: ['ayaw', 'di', 'hinde', 'hindi', 'huwag', 'wag', 'wala', 'walang'],
  postNegators: [],
  contrast: ['bagaman', 'kahit', 'kaso', 'kaya lamang', 'kaya lang', 'ngunit', 'pero', 'subalit'],
  excessBefore: ['masyado', 'masyadong', 'medyo', 'sobra', 'sobrang'],
  excessAfter: [],
  stopwords: [
    'akin', 'ako', 'ang', 'at', 'ay', 'ba', 'dahil', 'daw', 'din', 'dito', 'doon', 'eh', 'hindi', 'ito', 'iyan', 'ka', 'kami', 'kasi',
    'kay', 'kaya', 'ko', 'kung', 'lahat', 'lang', 'mga', 'mo', 'na', 'naman', 'namin', 'nang', 'natin', 'ng', 'ngayon', 'ni', 'nila',
    'niya', 'nung', 'pa', 'para', 'parang', 'pero', 'po', 'rin', 'sa', 'sila', 'siya', 'talaga', 'tayo', 'wala', 'yan', 'yun', 'yung',
  ],
  productTypes: {
    apparel: ['bestida', 'blusa', 'damit', 'dyaket', 'kamiseta', 'medyas', 'palda', 'pantalon', 'sumbrero'],
    footwear: ['bota', 'sandalyas', 'sapatos', 'tsinelas'],
    bags: ['bayong', 'maleta', 'pitaka'],
    outdoor: ['tolda'],
    electronics: ['baterya', 'selpon'],
    food: ['kakanin', 'kape', 'pagkain', 'pulot', 'sitsirya', 'tsaa', 'tsokolate'],
    beauty: ['krema', 'sabon'],
    home: ['baso', 'lampara', 'mangkok', 'plato', 'tasa', 'unan'],
    textiles: ['kobre kama', 'kumot', 'punda', 'sapin', 'serbilyeta', 'tuwalya'],
    kitchen: ['bote', 'kaldero', 'kawali', 'kutsilyo', 'takure'],
    fragrance: ['insenso', 'kandila', 'pabango'],
  },
  morphology: {
    negationPrefixes: [],
    negationSuffixes: [],
    infixNegationPrefixes: [],
    stripPrefixes: [
      'i', 'ika', 'in', 'ipa', 'ipag', 'ipina', 'ipinag', 'ka', 'ma', 'mag', 'magpa', 'maka', 'mang', 'na', 'nag', 'nagpa', 'naka',
      'nakaka', 'nakapag', 'nang', 'napaka', 'pa', 'pag', 'pagka', 'pagkaka', 'paka', 'pang', 'pina', 'pinag', 'pinaka', 'um',
    ],
    stripSuffixes: ['an', 'han', 'hin', 'in'],
    infixes: ['in', 'um'],
    reduplication: true,
    linker: true,
  },
  alsoRead: ['en'],
};
