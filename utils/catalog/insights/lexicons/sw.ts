/**
 * Swahili. Verbs carry their subject, tense and negation as prefixes (ni-me-pend-a "I have liked",
 * si-ku-pend-a "I did not like", ha-i-pendez-i "it does not please"), so verb roots are `*root*`
 * terms and a root after ha-/si-/kuto- reads as negated. Adjectives agree by noun class
 * (nzuri, mzuri, kizuri, vizuri) and are listed in their common forms. Kenyan and Tanzanian
 * reviews borrow freely (saizi, kwaliti, delivery, betri): the loanwords are listed too.
 */
import type { Lexicon } from './types';

export const sw: Lexicon = {
  language: 'sw',
  aspects: {
    quality: ['imetengenezwa vizuri', 'kiwango', 'kwaliti', 'quality', 'ubora', 'utengenezaji'],
    value: ['bei', 'ghali', 'gharama*', 'nafuu', 'pesa', 'punguzo', 'thamani'],
    delivery: ['*chelew*', '*fika*', '*safirish*', 'delivery', 'kifurushi', 'mzigo', 'usafirishaji', 'uwasilishaji', 'vifurushi'],
    durability: ['*chanik*', '*dumu*', '*haribik*', '*vunj*', 'imara', 'uimara'],
    service: ['huduma', 'huduma kwa wateja', 'msaada', 'muuzaji', 'wauzaji'],
    fit: ['*bana*', '*tosh*', 'fit', 'fiti', 'haibani', 'hainibani', 'hazibani', 'hazinibani', 'inanikaa', 'legevu'],
    size: ['kipimo', 'saizi', 'size', 'udogo', 'ukubwa', 'vipimo'],
    comfort: ['*stareh*', '*umiz*', 'inawasha', 'kuwasha', 'laini', 'raha'],
    material: [
      'chuma', 'kauri', 'kioo', 'kitambaa', 'malighafi', 'material', 'mbao', 'nailoni', 'ngozi', 'pamba', 'plastiki', 'sufu', 'vitambaa',
    ],
    colour: ['*fifi*', 'rangi*'],
    temperature: ['baridi', 'joto', 'kupata joto'],
    weight: ['nyepesi', 'nzito', 'uzani', 'uzito', 'wepesi'],
    battery: ['*chaj*', 'betri*'],
    sound: ['kelele', 'sauti', 'spika'],
    screen: ['kioo', 'onyesho', 'skrini'],
    setup: ['*simik*', '*unganish*', 'kufunga', 'maelekezo', 'maelezo', 'usanidi'],
    taste: ['kuonja', 'ladha*', 'nilionja', 'tamu'],
    smell: ['*nuka*', '*nukia*', 'harufu', 'manukato'],
    texture: ['inanata', 'kunata', 'laini', 'mafuta', 'ulaini'],
    skin: ['chunusi', 'inawasha', 'kuwasha', 'muwasho', 'mzio', 'ngozi', 'ukavu', 'upele'],
  },
  positive: [
    '*furahi*', '*pend*', '*ridhik*', '*ridhish*', '*stahili*', 'asante', 'bomba', 'bora', 'furaha', 'haibani', 'hainibani', 'haraka',
    'hazibani', 'hazinibani', 'imara', 'inafaa', 'kamili', 'kiwango cha juu', 'kizuri', 'laini', 'murua', 'mzuri', 'nafuu', 'nzuri', 'poa',
    'raha', 'rahisi', 'safi', 'salama', 'sawa', 'shukrani', 'starehe', 'tamu', 'ubora wa juu', 'vizuri', 'wazuri', 'zuri',
  ],
  negative: [
    '*chanik*', '*chelew*', '*fifi*', '*haribik*', '*kasirik*', '*nuka*', '*sikitik*', '*umiz*', '*vunj*', 'baya', 'chunusi', 'duni',
    'feki', 'ghali', 'hafifu', 'haifai', 'hasara', 'inanata', 'inawasha', 'kero', 'kibaya', 'matatizo', 'mbaya', 'shida', 'tatizo', 'uongo',
    'upele', 'vibaya',
  ],
  negators: [
    'bila', 'haina', 'hakina', 'hakuna', 'hana', 'hapana', 'hatuna', 'hauna', 'hawana', 'hayana', 'hazina', 'si', 'sina', 'sio', 'siyo',
    'wala',
  ],
  postNegators: [],
  contrast: ['bali', 'hata hivyo', 'ila', 'ingawa', 'japo', 'japokuwa', 'lakini'],
  excessBefore: [],
  excessAfter: ['kupita kiasi', 'mno'],
  stopwords: [
    'au', 'baada', 'bado', 'cha', 'hadi', 'hii', 'hiki', 'hivyo', 'hiyo', 'hizi', 'huu', 'ila', 'kabla', 'kama', 'katika', 'kila', 'kuwa',
    'kwa', 'kwamba', 'kwenye', 'la', 'lakini', 'mimi', 'mpaka', 'na', 'ni', 'pia', 'sana', 'sasa', 'sisi', 'tena', 'tu', 'vya', 'wa',
    'wake', 'wangu', 'wao', 'wewe', 'ya', 'yake', 'yangu', 'yeye', 'za', 'zaidi', 'zake',
  ],
  productTypes: {
    apparel: ['fulana', 'gauni', 'jaketi', 'kofia', 'koti', 'nguo', 'shati', 'sketi', 'soksi', 'suruali', 'sweta'],
    footwear: ['buti', 'kiatu', 'raba', 'sendozi', 'viatu'],
    bags: ['begi', 'mfuko', 'mkoba'],
    outdoor: ['hema', 'kambi', 'safari ya mlima'],
    electronics: ['betri', 'chaja', 'kompyuta', 'redio', 'simu', 'spika', 'televisheni', 'tochi'],
    food: ['asali', 'chai', 'chakula', 'kahawa', 'pipi', 'viungo'],
    beauty: ['krimu', 'losheni', 'mafuta ya ngozi', 'sabuni', 'shampuu'],
    home: ['bakuli', 'kikombe', 'sahani', 'taa', 'zulia'],
    textiles: ['blanketi', 'shuka', 'taulo'],
    kitchen: ['birika', 'chupa', 'kikombe', 'kisu', 'sufuria'],
    fragrance: ['manukato', 'mishumaa', 'mshumaa', 'udi', 'uturi'],
  },
  morphology: {
    negationPrefixes: [],
    negationSuffixes: [],
    infixNegationPrefixes: ['ha', 'kuto', 'si'],
    stripPrefixes: [],
    stripSuffixes: [],
    infixes: [],
    reduplication: false,
    linker: false,
  },
  alsoRead: [],
};
