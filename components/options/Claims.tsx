import type { ContestedAccount } from '@/utils/catalog/claims';
import { t } from '@/utils/platform/i18n';
import { PLATFORM_NAME_KEYS } from '../popup/Cart';

export interface ClaimsProps {
  accounts: ContestedAccount[];
  busy: boolean;
  /** Gives the account to one merchant, or to none (null). */
  onChoose: (account: ContestedAccount, merchantId: string | null) => void;
}

/**
 * Social accounts that merchants of more than one catalog source declare as theirs: captions of
 * their posts match no product until the user says whose account it is.
 */
export function Claims({ accounts, busy, onChoose }: ClaimsProps) {
  return (
    <>
      <p class="pc-small pc-muted">{t('claimsIntro')}</p>
      <ul class="pc-lines">
        {accounts.map((account) => {
          const key = `${account.platform}:${account.handle}`;
          const legend = t('claimsAccount', [`@${account.handle}`, t(PLATFORM_NAME_KEYS[account.platform])]);
          return (
            <li key={key} class="pc-group">
              <fieldset disabled={busy}>
                <legend class="pc-group-title">{legend}</legend>
                {account.claims.map((claim) => (
                  <label key={claim.merchantId} class="pc-small">
                    <input type="radio" name={key} checked={account.chosen === claim.merchantId} onChange={() => onChoose(account, claim.merchantId)} />{' '}
                    {t('claimsClaimant', [claim.merchantName, claim.demo ? t('claimsDemoSource') : claim.sourceName])}
                  </label>
                ))}
                <label class="pc-small">
                  <input type="radio" name={key} checked={account.chosen === null} onChange={() => onChoose(account, null)} /> {t('claimsNobody')}
                </label>
              </fieldset>
            </li>
          );
        })}
      </ul>
    </>
  );
}
