/**
 * The only interface text the adapters read: labels that are themselves the signal (an ad, a
 * suggestion unit), as each site words them in the languages our users speak. Everything else
 * (posts, media, action bars, where to mount) is found by structure, never by label.
 *
 * Kept as data, per site, kind and language, sorted and without repeats (a unit test checks),
 * compared after `labelKey`: Unicode compatibility forms folded, accents and Arabic vowel marks
 * dropped, Arabic and Persian letter forms unified, case folded, and spaces, punctuation and
 * invisible characters removed, so "S p o n s o r e d", "Sponsored·" and "SPONSORED" read alike.
 *
 * Languages: the eleven Postcart speaks to (en, es, pt, fr, de, ru, sw, fa, fil, lv, az), plus
 * the ones the sites' reference pages come in (ar, zh; Turkish reads as Azerbaijani). Every byte here is in each
 * content script (30 KB gzipped at most): a label goes in when a site shows it, not just in case.
 */

export type LabelLanguage = 'en' | 'es' | 'pt' | 'fr' | 'de' | 'ru' | 'sw' | 'fa' | 'fil' | 'lv' | 'az' | 'ar' | 'zh';
export type LabelData = { readonly [language in LabelLanguage]?: readonly string[] };

/** Languages every kind of label must cover. */
export const REQUIRED_LANGUAGES: readonly LabelLanguage[] = ['en', 'es', 'pt', 'fr', 'de', 'ru', 'sw', 'fa', 'fil', 'lv', 'az'];

/**
 * One site's signal labels, each site worded its own way (Pinterest's "Promoted by", TikTok's
 * "Ad"). Each content script carries only its own site's labels.
 * - `sponsored`: the label an ad carries where a post has its time or author line. Never "Paid
 *   partnership": branded posts of creators are posts.
 * - `suggested`: a header that marks a post as a suggestion where nothing else does (Facebook's
 *   "Suggested for you" over posts of pages one does not follow). Units of accounts or reels to
 *   discover are told apart by their shape instead.
 */
export interface SiteLabels {
  sponsored: LabelData;
  suggested: LabelData;
}

/**
 * Meta's wording, Instagram: "Sponsored" under the author. Units of accounts to follow ("Suggested
 * for you") are told by shape, see instagram.ts.
 */
export const INSTAGRAM_LABELS: Pick<SiteLabels, 'sponsored'> = {
  sponsored: {
    en: ['Sponsored'],
    es: ['Publicidad'],
    pt: ['Patrocinado'],
    fr: ['Sponsorisé'],
    de: ['Gesponsert'],
    ru: ['Реклама'],
    sw: ['Imedhaminiwa'],
    fa: ['اسپانسرشده', 'دارای حمایت مالی'],
    fil: ['May Sponsor', 'Sponsored'],
    lv: ['Sponsorēts'],
    az: ['Sponsorlu'],
    ar: ['مُموَّل'],
    zh: ['贊助'],
  },
};

/**
 * Meta's wording, Facebook: the ad label replaces the time, "Suggested for you" heads posts of
 * pages one does not follow. Units of people or reels to discover are told by shape (facebook.ts).
 */
export const FACEBOOK_LABELS: SiteLabels = {
  sponsored: {
    en: ['Sponsored'],
    es: ['Publicidad'],
    pt: ['Patrocinado'],
    fr: ['Sponsorisé'],
    de: ['Gesponsert'],
    ru: ['Реклама'],
    sw: ['Imedhaminiwa'],
    fa: ['دارای حمایت مالی'],
    fil: ['May Sponsor', 'Sponsored'],
    lv: ['Sponsorēts'],
    az: ['Sponsorlu'],
    ar: ['مُموَّل'],
    zh: ['赞助内容', '贊助'],
  },
  suggested: {
    en: ['Suggested for you'],
    es: ['Sugerencias para ti'],
    pt: ['Sugestões para você'],
    fr: ['Suggestions pour vous'],
    de: ['Vorschläge für dich'],
    ru: ['Рекомендации для вас'],
    sw: ['Mapendekezo kwa ajili yako'],
    fa: ['پیشنهادهایی برای شما'],
    fil: ['Iminumungkahi para sa iyo'],
    lv: ['Ieteikumi tev'],
    az: ['Sizin üçün təkliflər'],
    ar: ['مقترح لك'],
    zh: ['為你推薦'],
  },
};

/** TikTok: "Sponsored" or "Ad" on the video. Units of accounts to follow are told by shape, see tiktok.ts. */
export const TIKTOK_LABELS: Pick<SiteLabels, 'sponsored'> = {
  sponsored: {
    en: ['Ad', 'Sponsored'],
    es: ['Anuncio', 'Patrocinado'],
    pt: ['Anúncio', 'Patrocinado'],
    fr: ['Publicité', 'Sponsorisé'],
    de: ['Gesponsert', 'Werbung'],
    ru: ['Реклама'],
    sw: ['Imedhaminiwa', 'Tangazo'],
    fa: ['آگهی', 'تبلیغ'],
    fil: ['Ad', 'Sponsored'],
    lv: ['Reklāma', 'Sponsorēts'],
    az: ['Reklam', 'Sponsorlu'],
  },
};

/**
 * Pinterest: "Promoted by" over the advertiser's name. Its suggestion modules (searches, ideas,
 * boards to try) are told by their links instead, see pinterest.ts.
 */
export const PINTEREST_LABELS: Pick<SiteLabels, 'sponsored'> = {
  sponsored: {
    en: ['Promoted', 'Promoted by', 'Sponsored'],
    es: ['Promocionado', 'Promocionado por'],
    pt: ['Promovido', 'Promovido por'],
    fr: ['Sponsorisé', 'Sponsorisé par'],
    de: ['Gesponsert', 'Gesponsert von'],
    ru: ['Продвигается'],
    sw: ['Imefadhiliwa'],
    fa: ['تبلیغ‌شده'],
    fil: ['Inisponsor'],
    lv: ['Sponsorēts'],
    az: ['Sponsorlu'],
  },
};

/** The comparable form of a label (see the module comment). */
export function labelKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}\p{P}\p{Z}\s\p{S}]/gu, '')
    .replace(/[يى]/g, 'ی')
    .replace(/ك/g, 'ک')
    .toLowerCase();
}

/** Every label of the kind in every language, as keys. */
export function labelSet(data: LabelData): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const list of Object.values(data)) for (const label of list ?? []) keys.add(labelKey(label));
  return keys;
}
