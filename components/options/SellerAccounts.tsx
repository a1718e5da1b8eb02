/** The seller accounts connected in this browser, each with a link to the dashboard page. Render only. */
import { formatDate } from '@/utils/platform/format';
import { t } from '@/utils/platform/i18n';
import type { SourceView } from '@/utils/seller/model';
import { hostName } from '@/utils/sync/source-name';

export interface SellerAccountsProps {
  /** Sources with a seller connection. */
  sources: readonly SourceView[];
  /** The dashboard page, from the extension's root. */
  dashboardHref: string;
}

export function SellerAccounts({ sources, dashboardHref }: SellerAccountsProps) {
  if (sources.length === 0) return <p>{t('sellerNoConnection')}</p>;
  return (
    <>
      <ul class="pc-seller-accounts" aria-label={t('sellerAccountsLabel')}>
        {sources.map((source) =>
          source.seller ? (
            <li key={source.id}>
              <strong>{t('sellerAccountLine', [source.seller.merchantName, source.label.trim() || hostName(source.url)])}</strong>
              <span class="pc-small pc-muted">{t('sellerConnectedSince', formatDate(source.seller.connectedAt))}</span>
            </li>
          ) : null,
        )}
      </ul>
      <p>
        <a class="pc-button pc-primary" href={dashboardHref} target="_blank" rel="noopener">
          {t('sellerOpenDashboard')}
        </a>
      </p>
    </>
  );
}
