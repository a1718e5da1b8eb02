/**
 * Pseudo-localized copies of the reference pages: every interface label (aria-label, title, alt,
 * placeholder, svg titles) and the visible labels of the interface (action buttons, Reply, Follow,
 * "N likes", …) as the site would show them in another language. What people wrote stays as it is.
 *
 * Known labels get a translation the way the sites word them; any other label attribute gets a
 * neutral word of the target language plus a short hash, so no label of the saved language is
 * left for an adapter to lean on.
 */
import type { PseudoLanguage } from './pages';

type Translation = Record<PseudoLanguage, string>;

/** Interface labels, keyed by how they read in the saved pages (English, Spanish, Arabic, Chinese). */
const LABELS: readonly [originals: readonly string[], translation: Translation][] = [
  // Instagram and Facebook action bars.
  [['Like', 'Me gusta', 'أعجبني', '讚'], { fa: 'پسندیدن', sw: 'Penda', es: 'Me gusta' }],
  [['Unlike', 'Remove Like', 'Ya no me gusta'], { fa: 'لغو پسند', sw: 'Acha kupenda', es: 'Ya no me gusta' }],
  [['Comment', 'Comentar', 'تعليق', '留言'], { fa: 'دیدگاه', sw: 'Toa maoni', es: 'Comentar' }],
  [['Leave a comment', 'كتابة تعليق'], { fa: 'نوشتن دیدگاه', sw: 'Acha maoni', es: 'Escribe un comentario' }],
  [['Share', 'Share Post', 'Compartir', 'مشاركة', '分享'], { fa: 'هم‌رسانی', sw: 'Shiriki', es: 'Compartir' }],
  [
    ['Send this to friends or post it on your profile.', 'يمكنك إرسال هذا إلى الأصدقاء أو نشره على ملفك الشخصي.', '傳送給朋友或在個人檔案上發佈。'],
    { fa: 'این را برای دوستان بفرستید یا در نمایه خود پست کنید.', sw: 'Watumie marafiki hii au uichapishe kwenye wasifu wako.', es: 'Envía esto a tus amigos o publícalo en tu perfil.' },
  ],
  [['React', 'تفاعل', '傳達心情'], { fa: 'واکنش', sw: 'Toa hisia', es: 'Reaccionar' }],
  [['Save', 'Guardar'], { fa: 'ذخیره', sw: 'Hifadhi', es: 'Guardar' }],
  [['Repost'], { fa: 'بازنشر', sw: 'Chapisha tena', es: 'Volver a publicar' }],
  [['More options', 'More Options', 'Options', 'Opciones', 'Comment options'], { fa: 'گزینه‌های بیشتر', sw: 'Chaguo zaidi', es: 'Más opciones' }],
  [['Actions for this post', 'الإجراءات التي يمكن اتخاذها لهذا المنشور', '可對此貼文採取的動作'], { fa: 'کنش‌ها برای این پست', sw: 'Vitendo vya chapisho hili', es: 'Acciones para esta publicación' }],
  [['See who reacted to this', 'تعرف على الأشخاص الذين تفاعلوا مع هذا', '看看誰對這個傳達了心情'], { fa: 'ببینید چه کسی به این واکنش نشان داد', sw: 'Tazama walioitikia hili', es: 'Ver quién reaccionó a esto' }],
  [['All reactions:', 'كل التفاعلات:', '所有心情：'], { fa: 'همه واکنش‌ها:', sw: 'Hisia zote:', es: 'Todas las reacciones:' }],
  [['Reply', 'Responder', 'رد', '回覆'], { fa: 'پاسخ', sw: 'Jibu', es: 'Responder' }],
  [['Follow', 'Seguir'], { fa: 'دنبال کردن', sw: 'Fuata', es: 'Seguir' }],
  [['Following', 'Siguiendo'], { fa: 'دنبال می‌کنید', sw: 'Unafuata', es: 'Siguiendo' }],
  [['Message', 'Enviar mensaje'], { fa: 'پیام', sw: 'Ujumbe', es: 'Enviar mensaje' }],
  [['Edited'], { fa: 'ویرایش‌شده', sw: 'Imehaririwa', es: 'Editado' }],
  [['More posts from'], { fa: 'پست‌های بیشتر از', sw: 'Machapisho zaidi kutoka kwa', es: 'Más publicaciones de' }],
  [['View hidden comments'], { fa: 'دیدن دیدگاه‌های پنهان', sw: 'Tazama maoni yaliyofichwa', es: 'Ver comentarios ocultos' }],
  [['Add a comment…', 'Write a comment…', 'اكتب تعليقًا...', '留言……'], { fa: 'افزودن دیدگاه…', sw: 'Ongeza maoni…', es: 'Agrega un comentario...' }],
  [['Post'], { fa: 'ارسال', sw: 'Chapisha', es: 'Publicar' }],
  [['See more', 'عرض المزيد', '查看更多', '… more', 'more'], { fa: 'بیشتر ببینید', sw: 'Ona zaidi', es: 'Ver más' }],
  [['Original audio'], { fa: 'صدای اصلی', sw: 'Sauti asili', es: 'Audio original' }],
  [['and'], { fa: 'و', sw: 'na', es: 'y' }],
  [['Go back', 'الصورة السابقة'], { fa: 'بازگشت', sw: 'Rudi nyuma', es: 'Atrás' }],
  [['Next', 'الصورة التالية'], { fa: 'بعدی', sw: 'Inayofuata', es: 'Siguiente' }],
  [['Close', 'إغلاق'], { fa: 'بستن', sw: 'Funga', es: 'Cerrar' }],
  [['Carousel'], { fa: 'چندتایی', sw: 'Jukwa', es: 'Carrusel' }],
  [['Clip'], { fa: 'کلیپ', sw: 'Klipu', es: 'Clip' }],
  [['Verified', '已驗證'], { fa: 'تأییدشده', sw: 'Imethibitishwa', es: 'Verificado' }],
  [['Photo Viewer', 'عارض الصور'], { fa: 'نمایشگر عکس', sw: 'Kitazamaji Picha', es: 'Visor de fotos' }],
  // Page chrome.
  [['Home', 'Inicio', 'الصفحة الرئيسية', '首頁'], { fa: 'خانه', sw: 'Nyumbani', es: 'Inicio' }],
  [['Search', 'Buscar'], { fa: 'جستجو', sw: 'Tafuta', es: 'Buscar' }],
  [['Explore', 'Explorar'], { fa: 'کاوش', sw: 'Gundua', es: 'Explorar' }],
  [['Reels'], { fa: 'ریلز', sw: 'Reels', es: 'Reels' }],
  [['Messages', 'Mensajes'], { fa: 'پیام‌ها', sw: 'Ujumbe', es: 'Mensajes' }],
  [['Notifications', 'Notificaciones'], { fa: 'اعلان‌ها', sw: 'Arifa', es: 'Notificaciones' }],
  [['Create', 'New post', 'Nueva publicación'], { fa: 'ایجاد', sw: 'Unda', es: 'Crear' }],
  [['Profile'], { fa: 'نمایه', sw: 'Wasifu', es: 'Perfil' }],
  [['More', 'المزيد', '更多'], { fa: 'بیشتر', sw: 'Zaidi', es: 'Más' }],
  [['Posts', 'Publicaciones', 'المنشورات', '貼文'], { fa: 'پست‌ها', sw: 'Machapisho', es: 'Publicaciones' }],
  [['Tagged', 'Etiquetas'], { fa: 'برچسب‌خورده', sw: 'Waliotambulishwa', es: 'Etiquetas' }],
  [['Suggested for you', 'Sugerencias para ti'], { fa: 'پیشنهاد برای شما', sw: 'Mapendekezo kwa ajili yako', es: 'Sugerencias para ti' }],
];

/** Labels with a number or a name in them. */
const PATTERNS: readonly [RegExp, (lang: PseudoLanguage, m: RegExpExecArray) => string][] = [
  [/^([\d.,]+[KkM]?) likes?$/, (lang, m) => ({ fa: `${m[1]} پسند`, sw: `Vipendwa ${m[1]}`, es: `${m[1]} Me gusta` })[lang]],
  [/^([\d.,]+[KkM]?) comments?$/, (lang, m) => ({ fa: `${m[1]} دیدگاه`, sw: `Maoni ${m[1]}`, es: `${m[1]} comentarios` })[lang]],
  [/^([\d.,]+[KkM]?) shares?$/, (lang, m) => ({ fa: `${m[1]} هم‌رسانی`, sw: `Ushirikishaji ${m[1]}`, es: `${m[1]} veces compartido` })[lang]],
  [/^View replies \((\d+)\)$/, (lang, m) => ({ fa: `دیدن پاسخ‌ها (${m[1]})`, sw: `Tazama majibu (${m[1]})`, es: `Ver respuestas (${m[1]})` })[lang]],
];

const BY_ORIGINAL = new Map<string, Translation>(LABELS.flatMap(([originals, translation]) => originals.map((o) => [o, translation] as const)));

/** A neutral "label" word of the language, for labels the table does not know. */
const NEUTRAL: Translation = { fa: 'برچسب', sw: 'Lebo', es: 'Etiqueta' };
const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The same original always gives the same neutral label (a site repeats its labels). */
function neutral(text: string, lang: PseudoLanguage): string {
  const n = String(hash(text) % 100000);
  return `${NEUTRAL[lang]} ${lang === 'fa' ? n.replace(/\d/g, (d) => PERSIAN_DIGITS[Number(d)]!) : n}`;
}

/** A known interface label in `lang`, or null. */
export function translateLabel(text: string, lang: PseudoLanguage): string | null {
  const known = BY_ORIGINAL.get(text);
  if (known) return known[lang];
  for (const [pattern, make] of PATTERNS) {
    const m = pattern.exec(text);
    if (m) return make(lang, m);
  }
  return null;
}

function decode(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function encodeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function encodeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const RTL: ReadonlySet<PseudoLanguage> = new Set(['fa']);

/** The page with its interface in `lang` (see the module comment). */
export function pseudoLocalize(html: string, lang: PseudoLanguage): string {
  const bodyAt = html.search(/<body[\s>]/i);
  const head = (bodyAt < 0 ? '' : html.slice(0, bodyAt)).replace(/<html\b[^>]*>/i, (tag) =>
    tag.replace(/\s(lang|dir)="[^"]*"/g, '').replace(/^<html/i, `<html lang="${lang}" dir="${RTL.has(lang) ? 'rtl' : 'ltr'}"`),
  );
  let body = bodyAt < 0 ? html : html.slice(bodyAt);
  // Every label attribute: a known translation, else a neutral label.
  body = body.replace(/(\s(?:aria-label|title|alt|placeholder)=")([^"]*)"/g, (_, start: string, raw: string) => {
    const text = decode(raw).trim();
    if (!text) return `${start}${raw}"`;
    return `${start}${encodeAttr(translateLabel(text, lang) ?? neutral(text, lang))}"`;
  });
  // Svg titles (the icons' accessible names).
  body = body.replace(/(<title>)([^<]*)(<\/title>)/g, (_, open: string, raw: string, close: string) => {
    const text = decode(raw).trim();
    return text ? `${open}${encodeText(translateLabel(text, lang) ?? neutral(text, lang))}${close}` : `${open}${raw}${close}`;
  });
  // Visible interface labels; other text (what people wrote) stays.
  body = body.replace(/>([^<]+)</g, (whole, raw: string) => {
    const text = decode(raw).trim();
    const translated = text ? translateLabel(text, lang) : null;
    if (translated === null) return whole;
    const lead = /^\s*/.exec(raw)?.[0] ?? '';
    const trail = /\s*$/.exec(raw)?.[0] ?? '';
    return `>${lead}${encodeText(translated)}${trail}<`;
  });
  return head + body;
}

/**
 * Labels of the saved languages still in a pseudo-localized page's label attributes (they are all
 * rewritten, so none should be): proof that the copy leaves no label to lean on. A label that is
 * also the target language's own word ("Reels") does not count.
 */
export function leftoverLabels(html: string, lang: PseudoLanguage): string[] {
  const own = new Set(LABELS.map(([, translation]) => translation[lang]));
  const found = new Set<string>();
  for (const m of html.matchAll(/\s(?:aria-label|title|alt|placeholder)="([^"]*)"/g)) {
    const text = decode(m[1] ?? '').trim();
    if (BY_ORIGINAL.has(text) && !own.has(text)) found.add(text);
  }
  return [...found];
}
