import type { Platform } from '@/utils/catalog/model';
import { formatAge, formatCount } from '@/utils/platform/format';
import { t } from '@/utils/platform/i18n';
import { SKIP_REASONS, type ReadingCounters as Counters } from '@/utils/sites/reading';
import { PLATFORM_NAME_KEYS } from '../popup/Cart';

export interface ReadingCountersProps {
  counters: Counters | null;
  now: number;
  busy: boolean;
  onReset: () => void;
}

/** Message keys of the skip reasons, as the table names them. */
const SKIP_KEYS: Record<(typeof SKIP_REASONS)[number], string> = {
  detached: 'readingSkipDetached',
  sponsored: 'readingSkipSponsored',
  suggested: 'readingSkipSuggested',
  live: 'readingSkipLive',
  'not-rendered': 'readingSkipNotRendered',
  'no-post-id': 'readingSkipNoPostId',
  'not-page-post': 'readingSkipNotPagePost',
  'not-a-post': 'readingSkipNotAPost',
  unreadable: 'readingSkipUnreadable',
};

/** Per site: pages seen, pages where nothing could be read, posts read, skips by reason, last read; with a reset. */
export function ReadingCounters({ counters, now, busy, onReset }: ReadingCountersProps) {
  const sites = Object.entries(counters ?? {}) as [Platform, NonNullable<Counters[Platform]>][];
  return (
    <div class="pc-reading">
      <p class="pc-small pc-muted">{t('readingIntro')}</p>
      {sites.length === 0 ? (
        <p class="pc-small">{t('readingEmpty')}</p>
      ) : (
        <div class="pc-dash-scroll" tabIndex={0} role="region" aria-labelledby="reading-caption">
          <table class="pc-dash-table">
            <caption id="reading-caption">{t('readingCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('readingSite')}</th>
                <th scope="col" class="pc-dash-num">{t('readingPages')}</th>
                <th scope="col" class="pc-dash-num">{t('readingUnreadablePages')}</th>
                <th scope="col" class="pc-dash-num">{t('readingPosts')}</th>
                <th scope="col">{t('readingSkipped')}</th>
                <th scope="col">{t('readingLastRead')}</th>
              </tr>
            </thead>
            <tbody>
              {sites.map(([platform, site]) => (
                <tr key={platform}>
                  <th scope="row">{t(PLATFORM_NAME_KEYS[platform])}</th>
                  <td class="pc-dash-num">{formatCount(site.pages)}</td>
                  <td class="pc-dash-num">{formatCount(site.unreadable)}</td>
                  <td class="pc-dash-num">{formatCount(site.posts)}</td>
                  <td>
                    {SKIP_REASONS.filter((reason) => (site.skipped[reason] ?? 0) > 0)
                      .map((reason) => t('readingSkipCount', [t(SKIP_KEYS[reason]), formatCount(site.skipped[reason]!)]))
                      .join(', ') || '–'}
                  </td>
                  <td>{site.lastRead === null ? t('readingNever') : formatAge(site.lastRead, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <button type="button" class="pc-button" disabled={busy || sites.length === 0} onClick={onReset}>
        {t('readingReset')}
      </button>
    </div>
  );
}
