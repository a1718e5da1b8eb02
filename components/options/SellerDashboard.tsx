/**
 * The seller dashboard in the options page: period picker, one row per post with its figures and
 * a small daily chart, CSV export. Render only; the state lives in utils/seller/dashboard-state.ts.
 */
import { PLATFORM_NAME_KEYS } from '../popup/Cart';
import { formatCount, formatDay, formatList } from '@/utils/platform/format';
import { reasonText, t } from '@/utils/platform/i18n';
import { busiestDay, chartGeometry, formatAmounts, formatRatio, PERIOD_CHOICES, type DashboardState, type Period, type PeriodChoice } from '@/utils/seller/dashboard-state';
import { postLink, type PostStats, type SellerStats } from '@/utils/seller/stats';

export interface DashboardSource {
  id: string;
  name: string;
}

export interface SellerDashboardProps {
  /** Sources with a seller connection; a picker shows when there are several. */
  sources: readonly DashboardSource[];
  state: DashboardState;
  locale?: string;
  onSource: (sourceId: string) => void;
  onChoose: (choice: PeriodChoice) => void;
  onCustom: (field: keyof Period, value: string) => void;
  onApplyCustom: () => void;
  onExport: () => void;
}


function choiceLabel(choice: PeriodChoice): string {
  return choice === 'custom' ? t('dashboardCustom') : t('dashboardLastDays', choice);
}

function PeriodPicker({ state, onChoose, onCustom, onApplyCustom }: Pick<SellerDashboardProps, 'state' | 'onChoose' | 'onCustom' | 'onApplyCustom'>) {
  return (
    <div class="pc-dash-period">
      <fieldset class="pc-dash-choices">
        <legend>{t('dashboardPeriod')}</legend>
        {PERIOD_CHOICES.map((choice) => (
          <label key={String(choice)} class="pc-dash-choice">
            <input type="radio" name="pc-dash-period" value={String(choice)} checked={state.choice === choice} onChange={() => onChoose(choice)} />
            {choiceLabel(choice)}
          </label>
        ))}
      </fieldset>
      {state.choice === 'custom' && (
        <form
          class="pc-dash-custom"
          aria-label={t('dashboardCustom')}
          onSubmit={(event) => {
            event.preventDefault();
            onApplyCustom();
          }}
        >
          {(['from', 'to'] as const).map((field) => (
            <div class="pc-field" key={field}>
              <label for={`pc-dash-${field}`}>{t(field === 'from' ? 'dashboardFrom' : 'dashboardTo')}</label>
              <input
                id={`pc-dash-${field}`}
                type="date"
                value={state.custom[field]}
                aria-invalid={state.customError ? 'true' : undefined}
                aria-describedby={state.customError ? 'pc-dash-custom-error' : undefined}
                onInput={(event) => onCustom(field, (event.currentTarget as HTMLInputElement).value)}
              />
            </div>
          ))}
          <button type="submit" class="pc-button pc-secondary">
            {t('dashboardShow')}
          </button>
          {state.customError && (
            <p class="pc-field-error" id="pc-dash-custom-error" role="alert">
              {reasonText(state.customError)}
            </p>
          )}
        </form>
      )}
    </div>
  );
}

function Chart({ post, locale }: { post: PostStats; locale?: string }) {
  const geometry = chartGeometry(post.daily);
  const peak = busiestDay(post.daily);
  const first = post.daily[0]?.date;
  const last = post.daily.at(-1)?.date;
  const range = first && last ? [formatDay(first, locale), formatDay(last, locale)] : ['', ''];
  const label =
    post.impressions === 0 && post.clicks === 0
      ? t('dashboardChartEmpty', range)
      : peak
        ? t('dashboardChartLabel', [...range, post.impressions, post.clicks, formatDay(peak.date, locale), peak.impressions])
        : t('dashboardChartClicksOnly', [...range, post.clicks]);
  return (
    <svg class="pc-dash-chart" role="img" aria-label={label} width={geometry.width} height={geometry.height} viewBox={`0 0 ${geometry.width} ${geometry.height}`}>
      <polyline class="pc-dash-line-impressions" points={geometry.impressions} fill="none" />
      <polyline class="pc-dash-line-clicks" points={geometry.clicks} fill="none" />
    </svg>
  );
}

function PostRow({ post, stats, locale }: { post: PostStats; stats: SellerStats; locale?: string }) {
  const products = post.productIds.map((id) => stats.products.find((product) => product.productId === id));
  const thumbnail = products[0]?.image ?? null;
  const platform = t(PLATFORM_NAME_KEYS[post.platform]);
  const href = postLink(post);
  const none = t('dashboardNone');
  return (
    <tr>
      <th scope="row" class="pc-dash-post">
        {thumbnail ? <img src={thumbnail} alt="" width={40} height={40} loading="lazy" /> : <span class="pc-dash-noimage" aria-hidden="true" />}
        <span>
          {href ? (
            <a href={href} target="_blank" rel="noopener noreferrer" aria-label={t('dashboardOpenPost', [platform, post.postId])}>
              <bdi>{post.postId}</bdi>
            </a>
          ) : (
            <bdi>{post.postId}</bdi>
          )}
          {!post.tagged && <span class="pc-small pc-muted"> {t('dashboardUntagged')}</span>}
        </span>
      </th>
      <td>{platform}</td>
      <td>
        <bdi>{formatList(products.map((product, index) => product?.title ?? post.productIds[index]!), locale)}</bdi>
      </td>
      <td class="pc-dash-num">{formatCount(post.impressions, locale)}</td>
      <td class="pc-dash-num">{formatCount(post.clicks, locale)}</td>
      <td class="pc-dash-num">{formatRatio(post.ctr, locale) ?? none}</td>
      <td class="pc-dash-num">{formatCount(post.addToCarts, locale)}</td>
      <td class="pc-dash-num">{formatCount(post.checkouts, locale)}</td>
      <td class="pc-dash-num">{formatRatio(post.conversionRate, locale) ?? none}</td>
      <td class="pc-dash-num">{post.averageOrderValue.length > 0 ? formatAmounts(post.averageOrderValue, locale) : none}</td>
      <td>
        <Chart post={post} locale={locale} />
      </td>
    </tr>
  );
}

const COLUMNS = [
  'dashboardPost',
  'dashboardPlatform',
  'dashboardProducts',
  'dashboardImpressions',
  'dashboardClicks',
  'dashboardCtr',
  'dashboardAddToCarts',
  'dashboardCheckouts',
  'dashboardConversion',
  'dashboardAov',
  'dashboardTrend',
] as const;

export function SellerDashboard({ sources, state, locale, onSource, onChoose, onCustom, onApplyCustom, onExport }: SellerDashboardProps) {
  const { stats } = state;
  return (
    <div class="pc-dashboard">
      {sources.length > 1 && (
        <div class="pc-field">
          <label for="pc-dash-source">{t('dashboardSource')}</label>
          <select id="pc-dash-source" value={state.sourceId ?? ''} onChange={(event) => onSource((event.currentTarget as HTMLSelectElement).value)}>
            {sources.map((source) => (
              <option key={source.id} value={source.id}>
                {source.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <PeriodPicker state={state} onChoose={onChoose} onCustom={onCustom} onApplyCustom={onApplyCustom} />
      <p class="pc-small" role="status">
        {state.loading ? t('dashboardLoading') : stats ? t('dashboardRange', [formatDay(stats.from, locale), formatDay(stats.to, locale)]) : ''}
      </p>
      {state.error && (
        <p class="pc-alert pc-alert-error" role="alert">
          {reasonText(state.error)}
        </p>
      )}
      {stats && (
        <>
          <div class="pc-actions">
            <button type="button" class="pc-button pc-secondary" onClick={onExport}>
              {t('dashboardExport')}
            </button>
          </div>
          {stats.posts.length === 0 ? (
            <p class="pc-muted">{t('dashboardEmpty')}</p>
          ) : (
            <div class="pc-dash-scroll" role="region" aria-labelledby="pc-dash-caption" tabIndex={0}>
              <table class="pc-dash-table">
                <caption id="pc-dash-caption">
                  {t('dashboardTableCaption')}
                  <span class="pc-dash-legend pc-small">
                    <span class="pc-dash-key pc-dash-key-impressions" aria-hidden="true" /> {t('dashboardImpressions')}
                    <span class="pc-dash-key pc-dash-key-clicks" aria-hidden="true" /> {t('dashboardClicks')}
                  </span>
                </caption>
                <thead>
                  <tr>
                    {COLUMNS.map((key) => (
                      <th key={key} scope="col">
                        {t(key)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {stats.posts.map((post) => (
                    <PostRow key={`${post.platform}:${post.postId}`} post={post} stats={stats} locale={locale} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
