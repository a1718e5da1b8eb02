import type { CatalogStatus } from '@/utils/platform/messages';
import { t } from '@/utils/platform/i18n';

/** One line under the popup header: catalog size, sync progress, failures (with a way to settings). */
export function CatalogStatusLine({ status, onOpenSettings }: { status: CatalogStatus | null; onOpenSettings: () => void }) {
  if (!status) return null;
  return (
    <div class="pc-small pc-muted pc-catalog" role="status">
      <span>{t('catalogProducts', status.products)}</span>
      {status.syncing.map((s) => (
        <span key={s.label}>
          {' · '}
          {s.total === null ? t('catalogSyncing', [s.label, s.done]) : t('catalogSyncingOf', [s.label, s.done, s.total])}
        </span>
      ))}
      {status.failing > 0 && <span> · {t('catalogFailing', status.failing)}</span>}{' '}
      <button type="button" class="pc-button pc-link" onClick={onOpenSettings}>
        {t('catalogSettings')}
      </button>
    </div>
  );
}
