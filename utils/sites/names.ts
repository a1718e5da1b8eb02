/**
 * The i18n keys of the platforms' names, for every page that names a platform (the dashboard, the
 * popup's site access hint). components/popup/Cart.tsx still has its own copy (PLATFORM_NAME_KEYS).
 */
import type { Platform } from '../catalog/model';

export const PLATFORM_NAME_KEYS: Record<Platform, string> = {
  instagram: 'platformInstagram',
  pinterest: 'platformPinterest',
  tiktok: 'platformTiktok',
  facebook: 'platformFacebook',
};
