/**
 * Azerbaijani. Words are stems followed by suffixes (keyfiyyəti, keyfiyyətli, keyfiyyətsiz), so most
 * terms are stems. Matching folds ə→e, ı→i and the other diacritics (reviews are often typed on
 * Russian or Turkish keyboards). Negation: «deyil» and «yoxdur» after the word, the verb suffix
 * -ma/-mə right after the stem (bəyənmədim, bəyənmirəm, xoşlamıram), and -sız/-siz "without"
 * (rahatsız, dadsız). Short stems that would over-match are listed as whole words (isti "warm"
 * vs istifadə "use", dəri "skin" vs dərin "deep", sındı "broke" vs sinif "class").
 */
import type { Lexicon } from './types';

export const az: Lexicon = {
  language: 'az',
  aspects: {
    quality: ['keyfiyyət*', 'tikiş*'],
    value: ['baha*', 'dəyər*', 'endirim*', 'münasib', 'pul', 'pula', 'pulu', 'pulun*', 'qiymət*', 'sərfəli', 'ucuz*'],
    delivery: ['göndər*', 'kuryer*', 'poçt*', 'qablaşdırma*', 'sifariş*', 'çatdı', 'çatdır*'],
    durability: ['cırıldı', 'cırılıb', 'davamlı', 'dözümlü', 'köhnəl*', 'möhkəm*', 'qırıldı', 'qırılıb', 'sındı', 'sınıb', 'xarab*'],
    service: ['dəstək', 'mağaza*', 'operator*', 'qaytar*', 'satıcı*', 'xidmət*', 'zəmanət*'],
    fit: ['bol', 'dar', 'düz gəldi', 'geniş', 'oturdu', 'oturur', 'əynimə', 'əyninə'],
    size: ['geniş*', 'həcm*', 'razmer*', 'ölçü*'],
    comfort: ['narahat*', 'qaşın*', 'rahat*', 'sıxmır', 'sıxır', 'sıxırdı', 'yumşaq*'],
    material: [
      'dəri', 'dəridən', 'dərisi', 'keramik*', 'kətan', 'material*', 'metal*', 'pambıq', 'parça*', 'plastik*', 'polad', 'taxta', 'yun',
      'şüşə*',
    ],
    colour: ['rəng*', 'soldu', 'solmuş', 'solub', 'solur'],
    temperature: ['isti', 'istidir', 'istisi', 'soyuq*'],
    weight: ['ağır*', 'yüngül*', 'çəki*'],
    battery: ['akkumulyator*', 'batareya*', 'enerji', 'şarj*'],
    sound: ['dinamik*', 'küy', 'səs*'],
    screen: ['displey*', 'ekran*'],
    setup: ['quraşdır*', 'qurdum', 'qurmaq', 'təlimat*', 'yığdım', 'yığmaq', 'yığılması'],
    taste: ['acı', 'dad*', 'ləzzət*', 'şirin*'],
    smell: ['qoxu*', 'ətir*'],
    texture: ['duru', 'konsistensiya*', 'qatı', 'tekstura*', 'yapışqan*', 'yağlı', 'yumşaq*'],
    skin: ['allergiya*', 'dəri', 'dərim', 'dərimi', 'dərini', 'dəriyə', 'nəmləndir*', 'qaşınma', 'qızartı', 'sızanaq*', 'səpgi*'],
  },
  positive: [
    'bəyən*', 'dadlı', 'davamlı', 'dəqiq', 'geniş*', 'gözəl*', 'ideal', 'keyfiyyətli', 'ləzzətli', 'möhkəm*', 'möhtəşəm', 'mükəmməl',
    'münasib', 'məsləhət*', 'rahat*', 'razı*', 'sağ ol', 'sağ olun', 'sev*', 'super', 'sürətli', 'səliqəli', 'sərfəli', 'tövsiyə*',
    'təşəkkür*', 'uyğun*', 'xoş*', 'xoşla*', 'yaxşı*', 'yumşaq*', 'əla', 'əladır', 'ətirli',
  ],
  negative: [
    'ağır*', 'baha*', 'bərbad*', 'cırıldı', 'cırılıb', 'dadsız', 'gec', 'gecik*', 'iyrənc*', 'keyfiyyətsiz', 'məyus*', 'narahat*',
    'nöqsan*', 'peşman*', 'pis', 'pisdir', 'pisi', 'problem*', 'qaşınma', 'qüsur*', 'qırıldı', 'qırılıb', 'saxta', 'soldu', 'solub',
    'sındı', 'sınıb', 'səpgi*', 'təəssüf*', 'xarab*', 'yararsız', 'zəif*',
  ],
  negators: ['heç'],
  postNegators: ['deyil*', 'etmir', 'etmədi', 'gəlmədi', 'olmadan', 'olmadı', 'olmur', 'yox', 'yoxdur'],
  contrast: ['amma', 'ancaq', 'baxmayaraq', 'fəqət', 'halbuki', 'lakin'],
  excessBefore: ['bir az', 'həddindən artıq', 'həddən artıq'],
  excessAfter: [],
  stopwords: [
    'amma', 'ancaq', 'artıq', 'belə', 'bir', 'biz', 'bu', 'buna', 'bunu', 'bunun', 'da', 'daha', 'deyil', 'də', 'hələ', 'həm', 'hər', 'idi',
    'ilə', 'ki', 'kimi', 'lakin', 'mən', 'mənim', 'niyə', 'nə', 'o', 'olan', 'oldu', 'olub', 'onlar', 'onun', 'siz', 'sonra', 'sən', 'var',
    'və', 'yox', 'çox', 'üçün', 'ən', 'əvvəl',
  ],
  productTypes: {
    apparel: [
      'corab*', 'don', 'futbolka*', 'geyim*', 'gödəkcə*', 'köynək*', 'paltar*', 'palto*', 'papaq*', 'pencək*', 'sviter*', 'önlük*',
      'şalvar*', 'şərf*', 'əlcək*', 'ətək*',
    ],
    footwear: ['ayaqqabı*', 'başmaq*', 'krossovka*', 'səndəl*', 'çəkmə*'],
    bags: ['bel çantası', 'çamadan*', 'çanta*'],
    outdoor: ['alpinist*', 'düşərgə*', 'yataq çantası', 'yürüş*', 'çadır*'],
    electronics: ['dinamik*', 'fənər*', 'kamera*', 'noutbuk*', 'planşet*', 'qulaqlıq*', 'telefon*', 'şarj cihazı'],
    food: ['bal', 'qida*', 'qəhvə*', 'yemək*', 'çay', 'çayı', 'şokolad*', 'ədviyyat*'],
    beauty: ['balzam*', 'dodaq*', 'kosmetika*', 'krem*', 'losyon*', 'sabun*', 'serum*', 'toner*', 'təmizləyici*', 'şampun*'],
    home: ['boşqab*', 'fincan*', 'güzgü*', 'kasa*', 'lampa*', 'stəkan*', 'vaza*', 'xalça*'],
    textiles: ['adyal*', 'dəsmal*', 'mələfə*', 'salfet*', 'süfrə*', 'yataq dəsti', 'yorğan*', 'örtük*'],
    kitchen: ['butulka*', 'bıçaq*', 'qazan*', 'tava*', 'termos*', 'çaydan*'],
    fragrance: ['şam', 'şamlar*', 'ətir*'],
  },
  morphology: {
    negationPrefixes: [],
    negationSuffixes: ['mad', 'mam', 'mar', 'may', 'maz', 'med', 'mem', 'mer', 'mey', 'mez', 'mir', 'mur', 'siz', 'suz'],
    infixNegationPrefixes: [],
    stripPrefixes: [],
    stripSuffixes: [],
    infixes: [],
    reduplication: false,
    linker: false,
  },
  alsoRead: [],
};
