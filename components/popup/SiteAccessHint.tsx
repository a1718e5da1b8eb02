/** The popup's hint when the browser no longer lets Postcart run on some sites, with the button that asks again. Render only. */
import { formatAndList } from '../../utils/platform/format';
import { t } from '../../utils/platform/i18n';
import type { SiteOrigins } from '../../utils/platform/site-access';
import { PLATFORM_NAME_KEYS } from '../../utils/sites/names';

export interface SiteAccessHintProps {
  sites: readonly SiteOrigins[];
  onGrant: () => void;
}

export function SiteAccessHint({ sites, onGrant }: SiteAccessHintProps) {
  if (sites.length === 0) return null;
  return (
    <div class="pc-hint-box" role="note">
      <p class="pc-small">{t('siteAccessMissing', formatAndList(sites.map((site) => t(PLATFORM_NAME_KEYS[site.platform]))))}</p>
      <button type="button" class="pc-button pc-secondary" onClick={onGrant}>
        {t('siteAccessGrant')}
      </button>
    </div>
  );
}
