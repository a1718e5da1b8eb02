/**
 * A post as a seller recognises it on the dashboard: "@acme · TikTok post · tagged Nov 20, 2026"
 * instead of its raw id. What is known without the post's page: the account in the post's address
 * (TikTok, Facebook and Instagram links often carry it; Pinterest's never do), the platform, and
 * when the seller's first tag on it was made (the local tags table). The post's own picture is not
 * known; its first product's picture stands in for it.
 */
import type { Platform } from '../catalog/model';
import { formatDate } from '../platform/format';
import { t } from '../platform/i18n';
import { httpsUrl } from '../platform/urls';
import { PLATFORM_NAME_KEYS } from '../sites/names';

/** First path segments that are the site's own pages, never an account. */
const NOT_ACCOUNTS = new Set(['p', 'reel', 'reels', 'tv', 'explore', 'stories', 'pin', 'video', 'watch', 'groups', 'photo', 'photo.php', 'permalink.php', 'story.php', 'share', 'pages', 'profile.php']);

const ACCOUNT_PATTERNS: Record<Platform, RegExp | null> = {
  // /@handle/video/<id>, /@handle/photo/<id>
  tiktok: /^\/@([\w.]{1,64})\/(?:video|photo)\//,
  // /handle/p/<code>/, /handle/reel/<code>/ (the address Instagram shows inside a profile)
  instagram: /^\/([\w.]{1,64})\/(?:p|reel)\//,
  // /PageName/posts/<id>, /PageName/videos/<id>, /PageName/photos/...
  facebook: /^\/([\w.-]{1,80})\/(?:posts|videos|photos)\//,
  pinterest: null,
};

/** The account a post's address names, or null (no address, or one that does not say). */
export function postHandle(platform: Platform, postUrl: string | null): string | null {
  const url = httpsUrl(postUrl);
  const pattern = ACCOUNT_PATTERNS[platform];
  if (!url || !pattern) return null;
  const handle = pattern.exec(url.pathname)?.[1] ?? null;
  return handle && !NOT_ACCOUNTS.has(handle.toLowerCase()) ? handle : null;
}

export interface PostLabelParts {
  platform: Platform;
  postUrl: string | null;
  /** When the first tag on the post was made (ISO date-time), if this browser knows it. */
  taggedAt: string | null;
}

/** "@acme · TikTok post · tagged Nov 20, 2026", as much of it as is known; always names the platform. */
export function postLabel(post: PostLabelParts, locale?: string): string {
  const handle = postHandle(post.platform, post.postUrl);
  const parts = [t('dashboardPlatformPost', t(PLATFORM_NAME_KEYS[post.platform]))];
  if (handle) parts.unshift(`@${handle}`);
  const tagged = post.taggedAt ? formatDate(post.taggedAt, locale) : '';
  if (tagged) parts.push(t('dashboardTaggedOn', tagged));
  return parts.join(' · ');
}
