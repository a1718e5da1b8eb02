// @vitest-environment happy-dom
/**
 * The overlay finds posts by structure, not by the site's interface text: with the sites' buttons
 * and labels in Persian, Swahili, Filipino, Latvian or Azerbaijani, each adapter finds the same
 * posts as in English, reads them the same and mounts the buy button in the same place. (Ad and
 * suggestion labels are the one place an adapter reads interface text: those are left in English
 * here, see the labels lists in utils/sites/<site>.ts.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { facebook } from '@/utils/sites/facebook';
import { instagram } from '@/utils/sites/instagram';
import { pinterest } from '@/utils/sites/pinterest';
import { tiktok } from '@/utils/sites/tiktok';
import type { SiteAdapter } from '@/utils/sites/types';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

/** The sites' own interface words in the fixtures, in each language (how the sites word them, or near it). */
const INTERFACE: Record<string, Record<'fa' | 'sw' | 'fil' | 'lv' | 'az', string>> = {
  Like: { fa: 'پسندیدن', sw: 'Penda', fil: 'I-like', lv: 'Patīk', az: 'Bəyən' },
  Unlike: { fa: 'نپسندیدن', sw: 'Acha kupenda', fil: 'I-unlike', lv: 'Nepatīk', az: 'Bəyənməni geri al' },
  Comment: { fa: 'دیدگاه', sw: 'Toa maoni', fil: 'Magkomento', lv: 'Komentēt', az: 'Şərh yaz' },
  'Leave a comment': { fa: 'دیدگاه بگذارید', sw: 'Acha maoni', fil: 'Mag-iwan ng komento', lv: 'Atstāt komentāru', az: 'Şərh yazın' },
  Share: { fa: 'هم‌رسانی', sw: 'Shiriki', fil: 'Ibahagi', lv: 'Kopīgot', az: 'Paylaş' },
  'Send this to friends or post it on your profile.': { fa: 'این را برای دوستان بفرستید', sw: 'Tuma hii kwa marafiki', fil: 'Ipadala ito sa mga kaibigan', lv: 'Nosūtīt draugiem', az: 'Dostlara göndərin' },
  Save: { fa: 'ذخیره', sw: 'Hifadhi', fil: 'I-save', lv: 'Saglabāt', az: 'Yadda saxla' },
  Send: { fa: 'ارسال', sw: 'Tuma', fil: 'Ipadala', lv: 'Sūtīt', az: 'Göndər' },
  'More options': { fa: 'گزینه‌های بیشتر', sw: 'Chaguo zaidi', fil: 'Higit pang opsyon', lv: 'Citas iespējas', az: 'Digər seçimlər' },
  'More actions': { fa: 'کارهای بیشتر', sw: 'Vitendo zaidi', fil: 'Higit pang aksyon', lv: 'Citas darbības', az: 'Digər əməliyyatlar' },
  'Pin card': { fa: 'کارت پین', sw: 'Kadi ya Pin', fil: 'Card ng Pin', lv: 'Pina kartīte', az: 'Pin kartı' },
  'Like video': { fa: 'پسندیدن ویدیو', sw: 'Penda video', fil: 'I-like ang video', lv: 'Atzīmēt video ar Patīk', az: 'Videonu bəyən' },
  'Add a comment…': { fa: 'افزودن دیدگاه…', sw: 'Ongeza maoni…', fil: 'Magdagdag ng komento…', lv: 'Pievienot komentāru…', az: 'Şərh əlavə et…' },
  'Actions for this post': { fa: 'کارهای این پست', sw: 'Vitendo vya chapisho hili', fil: 'Mga aksyon para sa post na ito', lv: 'Ziņas darbības', az: 'Bu paylaşım üçün əməliyyatlar' },
  Follow: { fa: 'دنبال کردن', sw: 'Fuata', fil: 'I-follow', lv: 'Sekot', az: 'İzlə' },
  Reply: { fa: 'پاسخ', sw: 'Jibu', fil: 'Tumugon', lv: 'Atbildēt', az: 'Cavab ver' },
};

/** The fixture with every interface word above, as a label or as a button's text, in `language`. */
function translated(html: string, language: 'fa' | 'sw' | 'fil' | 'lv' | 'az'): string {
  let out = html;
  for (const [english, words] of Object.entries(INTERFACE)) {
    const escaped = english.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(aria-label|title|placeholder)="${escaped}"`, 'g'), `$1="${words[language]}"`).replace(new RegExp(`>${escaped}<`, 'g'), `>${words[language]}<`);
  }
  return out;
}

interface Seen {
  ids: string[];
  reads: string[];
  mounts: (string | undefined)[];
}

function see(site: SiteAdapter, html: string, url: string): Seen {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const found = site.findPosts(doc);
  const reads = found.map((el) => site.readPost(el, new URL(url)));
  return {
    ids: reads.flatMap((read) => (read.ok ? [read.post.postId] : [])),
    reads: reads.map((read) => (read.ok ? `${read.post.postId} ${read.post.author} ${read.post.caption?.length ?? 0}` : read.reason)),
    mounts: found.map((el) => site.mountPoint(el)?.target.localName),
  };
}

const PAGES: [string, string, SiteAdapter, string][] = [
  ['Instagram', 'instagram/feed.html', instagram, 'https://www.instagram.com/'],
  // Article-less layouts: the adapter climbs from the post's row of 24 px action icons, not their labels.
  ['Instagram', 'instagram/post.html', instagram, 'https://www.instagram.com/p/C8xYz123abc/'],
  ['Instagram', 'instagram/reels.html', instagram, 'https://www.instagram.com/reels/C9rEeL0001a/'],
  ['Instagram', 'instagram/reel.html', instagram, 'https://www.instagram.com/reel/C9rEeL0001a/'],
  ['Instagram', 'instagram/profile.html', instagram, 'https://www.instagram.com/acme/'],
  ['Instagram', 'instagram/explore.html', instagram, 'https://www.instagram.com/explore/'],
  ['Facebook', 'facebook/feed.html', facebook, 'https://www.facebook.com/'],
  ['Facebook', 'facebook/page.html', facebook, 'https://www.facebook.com/acme'],
  ['Facebook', 'facebook/group.html', facebook, 'https://www.facebook.com/groups/kumotea.lovers/'],
  ['Facebook', 'facebook/photo.html', facebook, 'https://www.facebook.com/photo/?fbid=1122334455667702'],
  ['Facebook', 'facebook/reel.html', facebook, 'https://www.facebook.com/reel/1122334455667704'],
  ['Pinterest', 'pinterest/home.html', pinterest, 'https://www.pinterest.com/'],
  ['TikTok', 'tiktok/foryou.html', tiktok, 'https://www.tiktok.com/'],
  ['TikTok', 'tiktok/profile.html', tiktok, 'https://www.tiktok.com/@acme'],
];

describe.each(['fa', 'sw', 'fil', 'lv', 'az'] as const)('a site whose interface is in %s', (language) => {
  it.each(PAGES)('%s (%s): the adapter finds, reads and mounts the same posts as in English', (_name, file, site, url) => {
    const html = readFileSync(path.join(FIXTURES, file), 'utf8');
    const english = see(site, html, url);
    const foreign = translated(html, language);
    // The page really changed language: its English action labels are gone.
    expect(foreign).not.toMatch(/aria-label="(Like|Comment|Share|More options|More actions|Like video)"/);
    expect(foreign).not.toBe(html);
    expect(english.ids.length).toBeGreaterThan(0);
    expect(see(site, foreign, url)).toEqual(english);
  });
});
