import type { Platform } from '@/utils/catalog/model';
import { t } from '@/utils/platform/i18n';
import { PLATFORM_NAME_KEYS } from './Cart';

/** Said on a tab of a supported page type where the overlay could read no post (its markup changed). */
export function PageReadingLine({ unreadable }: { unreadable: Platform | null }) {
  if (!unreadable) return null;
  return (
    <div class="pc-alert pc-alert-error" role="status">
      <p>{t('pageUnreadable', t(PLATFORM_NAME_KEYS[unreadable]))}</p>
    </div>
  );
}
