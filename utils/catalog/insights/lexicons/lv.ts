/**
 * Latvian. Nouns and adjectives change their endings by case, number and gender (kvalitāte,
 * kvalitātes, kvalitāti; ērts, ērta, ērti), so most terms are stems. Matching folds diacritics
 * (people often type "erts" for "ērts"), which makes a few short stems ambiguous: those are listed
 * as whole words instead (garša "taste" vs garš "long", vājš "weak" vs vajag "need", vīlos
 * "I was disappointed" vs vilna "wool", ātri "fast" vs atradu "I found"). Negation: «nav» before
 * the word, and the verb and adjective prefix ne- (nepatīk, neērts, nederēja).
 */
import type { Lexicon } from './types';

export const lv: Lexicon = {
  language: 'lv',
  aspects: {
    quality: ['apdare*', 'izgatavot*', 'kvalitatīv*', 'kvalitāt*', 'šuves', 'šuvumi', 'šuvums'],
    value: ['atlaid*', 'cena', 'cenai', 'cenas', 'cenu', 'dārg*', 'lēt*', 'naud*', 'vērta', 'vērts', 'vērtīb*'],
    delivery: ['atnāca', 'atsūtīj*', 'iepakojum*', 'ieradās', 'kurjer*', 'pakomāt*', 'pasts', 'piegād*', 'sūtījum*'],
    durability: ['caurum*', 'izturīg*', 'kalpo', 'kalpoja', 'nodil*', 'noturīg*', 'plīs*', 'salūz*', 'saplīs*', 'stipr*'],
    service: ['apkalpošan*', 'atbalst*', 'garantij*', 'pārdevēj*', 'veikal*'],
    fit: ['brīva', 'brīvi', 'brīvs', 'cieša', 'cieši', 'ciešs', 'der', 'derēja', 'piegul*', 'platīg*', 'sēž', 'šaura', 'šaurs'],
    size: ['ietilpīg*', 'izmēr*', 'lielum*', 'par garu', 'par lielu', 'par mazu', 'par īsu', 'tilpum*'],
    comfort: ['berž', 'komfort*', 'kož*', 'mīkst*', 'niez*', 'spiež', 'ērt*'],
    material: ['audum*', 'keramik*', 'koka', 'kokvilna*', 'materiāl*', 'metāl*', 'plastmas*', 'stikl*', 'vilna', 'vilnas', 'āda', 'ādas'],
    colour: ['krās*', 'nobal*', 'toni', 'tonis'],
    temperature: ['auksta', 'auksti', 'auksts', 'silt*'],
    weight: ['smaga', 'smags', 'smagu', 'smagāka', 'smagāks', 'svara', 'svars', 'svaru'],
    battery: ['akumulator*', 'baterij*', 'lādētāj*', 'uzlād*'],
    sound: ['basi', 'basu', 'skaļ*', 'skaņ*', 'troksn*'],
    screen: ['displej*', 'ekrān*', 'izšķirtspēj*'],
    setup: ['instrukcij*', 'lietošan*', 'montāž*', 'salikt', 'saliku', 'uzstād*'],
    taste: ['bezgaršīg*', 'garša', 'garšas', 'garšo', 'garšu', 'garšīg*', 'rūgt*', 'sald*'],
    smell: ['aromāt*', 'smak*', 'smarž*', 'smird*'],
    texture: ['konsistenc*', 'lipīg*', 'maiga', 'maigs', 'taukain*', 'tekstūr*'],
    skin: ['apsārtum*', 'izsitum*', 'kairin*', 'mitrin*', 'pūtīt*', 'āda', 'ādai', 'ādas', 'ādu'],
  },
  positive: [
    'apmierināt*', 'atbilst*', 'brīnišķīg*', 'forš*', 'garšīg*', 'ideāl*', 'iesak*', 'izcil*', 'izturīg*', 'kvalitatīv*', 'laba', 'labais',
    'labi', 'labs', 'labu', 'labāk*', 'lielisk*', 'maiga', 'maigs', 'mīkst*', 'paldies', 'patika', 'patīk', 'perfekt*', 'precīz*',
    'priecīg*', 'prieks', 'silta', 'silti', 'silts', 'skaist*', 'stipr*', 'super', 'superīg*', 'teicam*', 'vērta', 'vērts', 'ātra', 'ātri',
    'ātrs', 'ātru', 'ātrāk', 'ērt*',
  ],
  negative: [
    'bojāt*', 'briesmīg*', 'bēdīg*', 'caurum*', 'defekt*', 'diemžēl', 'dārg*', 'izsitum*', 'kairin*', 'kavēj*', 'kož*', 'lipīg*', 'nobal*',
    'nodil*', 'nokavēj*', 'nožēl*', 'par garu', 'par lielu', 'par mazu', 'par īsu', 'plīs*', 'problēm*', 'salūz*', 'saplīs*', 'slikt*',
    'smak*', 'smird*', 'taukain*', 'vilšanās', 'vāja', 'vāji', 'vāju', 'vājš', 'vīlies', 'vīlos', 'vīlusies', 'šausmīg*',
  ],
  negators: ['bez', 'nav', 'ne', 'nekad', 'nemaz'],
  postNegators: [],
  contrast: ['bet', 'kaut arī', 'kaut gan', 'lai gan', 'taču', 'tomēr', 'toties'],
  excessBefore: ['pārāk'],
  excessAfter: [],
  stopwords: [
    'ar', 'arī', 'bet', 'bija', 'būs', 'es', 'gan', 'ir', 'jau', 'jo', 'ka', 'kad', 'kas', 'kur', 'lai', 'līdz', 'man', 'mana', 'mans',
    'mēs', 'nav', 'ne', 'no', 'par', 'pie', 'pēc', 'savu', 'tad', 'tas', 'tik', 'tikai', 'to', 'tā', 'un', 'uz', 'vai', 'viss', 'visu',
    'viņa', 'viņš', 'vēl', 'ļoti', 'šis', 'šo', 'šī',
  ],
  productTypes: {
    apparel: [
      'apģērb*', 'bikses', 'cepure*', 'cimd*', 'džemper*', 'jaciņ*', 'jaka', 'jakas', 'kleita*', 'krekl*', 'mētel*', 'priekšaut*', 'svārki',
      'zeķes', 'šall*',
    ],
    footwear: ['apav*', 'botas', 'kurpes', 'sandal*', 'zābak*', 'čības'],
    bags: ['mugursom*', 'soma', 'somas', 'somiņ*', 'čemodān*'],
    outdoor: ['galvas lukturi*', 'guļammais*', 'kempinga', 'nūjas', 'pārgājien*', 'teltis', 'telts'],
    electronics: ['austiņ*', 'baterij*', 'kamer*', 'lukturīt*', 'lādētāj*', 'planšet*', 'portatīv*', 'skaļrun*', 'telefon*'],
    food: ['garšviel*', 'kafij*', 'medus', 'tēja', 'tējas', 'tēju', 'uzkod*', 'šokolād*'],
    beauty: ['attīrīt*', 'balzam*', 'kosmētik*', 'krēm*', 'losjon*', 'sauļošan*', 'serum*', 'tonik*', 'ziepes', 'šampūn*'],
    home: ['bļoda*', 'krūka*', 'krūze*', 'lampa*', 'paklāj*', 'spogul*', 'tase', 'tases', 'vāze*', 'šķīv*'],
    textiles: ['dvieļ*', 'galdaut*', 'gultas veļa', 'palag*', 'pārvalk*', 'salvet*', 'sega', 'segas', 'spilven*'],
    kitchen: ['katl*', 'nazis', 'naži', 'panna*', 'pudel*', 'termos*', 'tējkann*'],
    fragrance: ['aromāt*', 'smaržas', 'svece*', 'svecīt*', 'sveču', 'vīrak*'],
  },
  morphology: {
    negationPrefixes: ['ne'],
    negationSuffixes: [],
    infixNegationPrefixes: [],
    stripPrefixes: [],
    stripSuffixes: [],
    infixes: [],
    reduplication: false,
    linker: false,
  },
  alsoRead: [],
};
