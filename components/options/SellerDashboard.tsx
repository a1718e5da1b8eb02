/**
 * The seller dashboard (its own full-width page): source and period pickers, one row per post
 * (its product's picture, a readable label, the platform) with its figures in sortable columns and
 * a daily chart that fits its cell, CSV export, and what to do when no seller account is connected.
 * Render only; the state lives in utils/seller/dashboard-state.ts.
 */
import { formatCount, formatDay, formatList } from '@/utils/platform/format';
import { reasonText, t } from '@/utils/platform/i18n';
import {
  busiestDay,
  chartGeometry,
  dashboardRows,
  formatAmounts,
  formatRatio,
  PERIOD_CHOICES,
  type DashboardSource,
  type DashboardState,
  type Period,
  type PeriodChoice,
  type PostRow,
  type SortColumn,
} from '@/utils/seller/dashboard-state';
import { PLATFORM_NAME_KEYS } from '@/utils/sites/names';
import { postLink, type PostStats } from '@/utils/seller/stats';

export type { DashboardSource };

export interface SellerDashboardProps {
  /** Sources with a seller connection; a picker shows when there are several. */
  sources: readonly DashboardSource[];
  state: DashboardState;
  locale?: string;
  /** Where the seller connects an account (the options page's Seller section). */
  settingsHref?: string;
  onSource: (sourceId: string) => void;
  onChoose: (choice: PeriodChoice) => void;
  onCustom: (field: keyof Period, value: string) => void;
  onApplyCustom: () => void;
  onExport: () => void;
  onSort?: (column: SortColumn) => void;
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
  // Stretched to its cell (the lines keep their width): the chart fits whatever room the table leaves.
  return (
    <svg class="pc-dash-chart" role="img" aria-label={label} viewBox={`0 0 ${geometry.width} ${geometry.height}`} preserveAspectRatio="none">
      <polyline class="pc-dash-line-impressions" points={geometry.impressions} fill="none" vector-effect="non-scaling-stroke" />
      <polyline class="pc-dash-line-clicks" points={geometry.clicks} fill="none" vector-effect="non-scaling-stroke" />
    </svg>
  );
}

function Row({ row, locale }: { row: PostRow; locale?: string }) {
  const { post } = row;
  const platform = t(PLATFORM_NAME_KEYS[post.platform]);
  const href = postLink(post);
  const none = t('dashboardNone');
  return (
    <tr>
      <th scope="row" class="pc-dash-post">
        {row.thumbnail ? <img src={row.thumbnail} alt="" width={40} height={40} loading="lazy" /> : <span class="pc-dash-noimage" aria-hidden="true" />}
        <span class="pc-dash-post-text">
          {href ? (
            <a href={href} target="_blank" rel="noopener noreferrer" title={t('dashboardOpenPost', [platform, post.postId])}>
              <bdi>{row.label}</bdi>
            </a>
          ) : (
            <bdi>{row.label}</bdi>
          )}
          <span class="pc-small pc-muted">
            {t('dashboardPostId', post.postId)}
            {!post.tagged && ` ${t('dashboardUntagged')}`}
          </span>
        </span>
      </th>
      <td>
        <span class={`pc-dash-platform pc-dash-platform-${post.platform}`}>{platform}</span>
      </td>
      <td class="pc-dash-products">
        <bdi>{formatList(row.products.map((product, index) => product?.title ?? post.productIds[index]!), locale)}</bdi>
      </td>
      <td class="pc-dash-num">{formatCount(post.impressions, locale)}</td>
      <td class="pc-dash-num">{formatCount(post.clicks, locale)}</td>
      <td class="pc-dash-num">{formatRatio(post.ctr, locale) ?? none}</td>
      <td class="pc-dash-num">{formatCount(post.addToCarts, locale)}</td>
      <td class="pc-dash-num">{formatCount(post.checkouts, locale)}</td>
      <td class="pc-dash-num">{formatRatio(post.conversionRate, locale) ?? none}</td>
      <td class="pc-dash-num">{post.averageOrderValue.length > 0 ? formatAmounts(post.averageOrderValue, locale) : none}</td>
      <td class="pc-dash-trend">
        <Chart post={post} locale={locale} />
      </td>
    </tr>
  );
}

const COLUMNS: readonly { key: string; sort: SortColumn | null; numeric: boolean }[] = [
  { key: 'dashboardPost', sort: 'post', numeric: false },
  { key: 'dashboardPlatform', sort: 'platform', numeric: false },
  { key: 'dashboardProducts', sort: 'products', numeric: false },
  { key: 'dashboardImpressions', sort: 'impressions', numeric: true },
  { key: 'dashboardClicks', sort: 'clicks', numeric: true },
  { key: 'dashboardCtr', sort: 'ctr', numeric: true },
  { key: 'dashboardAddToCarts', sort: 'addToCarts', numeric: true },
  { key: 'dashboardCheckouts', sort: 'checkouts', numeric: true },
  { key: 'dashboardConversion', sort: 'conversionRate', numeric: true },
  { key: 'dashboardAov', sort: 'averageOrderValue', numeric: true },
  { key: 'dashboardTrend', sort: null, numeric: false },
];

/** Column headers: sortable ones are buttons, and the sorted one says how (aria-sort). */
function Head({ state, onSort }: { state: DashboardState; onSort?: (column: SortColumn) => void }) {
  return (
    <thead>
      <tr>
        {COLUMNS.map((column) => {
          const sorted = column.sort !== null && state.sort.column === column.sort;
          const className = column.numeric ? 'pc-dash-num' : undefined;
          if (!column.sort || !onSort) {
            return (
              <th key={column.key} scope="col" class={className}>
                {t(column.key)}
              </th>
            );
          }
          const sort = column.sort;
          return (
            <th key={column.key} scope="col" class={className} aria-sort={sorted ? state.sort.direction : undefined}>
              <button type="button" class="pc-dash-sort" onClick={() => onSort(sort)}>
                {t(column.key)}
                <span class="pc-dash-arrow" aria-hidden="true">
                  {sorted ? (state.sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                </span>
              </button>
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

/** No seller account connected (a tester without a server): what the page is for and how to get there. */
function NoSeller({ settingsHref }: { settingsHref?: string }) {
  return (
    <div class="pc-dash-empty">
      <h2>{t('dashboardNoSeller')}</h2>
      <p>{t('dashboardNoSellerHint')}</p>
      <p class="pc-muted">{t('dashboardNoSellerServer')}</p>
      {settingsHref && (
        <p>
          <a class="pc-button pc-primary" href={settingsHref}>
            {t('dashboardConnect')}
          </a>
        </p>
      )}
    </div>
  );
}

export function SellerDashboard({ sources, state, locale, settingsHref, onSource, onChoose, onCustom, onApplyCustom, onExport, onSort }: SellerDashboardProps) {
  const { stats } = state;
  if (state.sources !== null && state.sources.length === 0 && sources.length === 0) return <NoSeller settingsHref={settingsHref} />;
  const rows = dashboardRows(state, locale);
  return (
    <div class="pc-dashboard">
      <div class="pc-dash-controls">
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
        {stats && (
          <button type="button" class="pc-button pc-secondary pc-dash-export" onClick={onExport}>
            {t('dashboardExport')}
          </button>
        )}
      </div>
      <p class="pc-small" role="status">
        {state.loading ? t('dashboardLoading') : stats ? t('dashboardRange', [formatDay(stats.from, locale), formatDay(stats.to, locale)]) : ''}
      </p>
      {state.error && (
        <p class="pc-alert pc-alert-error" role="alert">
          {reasonText(state.error)}
        </p>
      )}
      {stats &&
        (stats.posts.length === 0 ? (
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
              <colgroup>
                <col class="pc-dash-col-post" />
                <col class="pc-dash-col-platform" />
                <col class="pc-dash-col-products" />
                {COLUMNS.slice(3, 10).map((column) => (
                  <col key={column.key} class="pc-dash-col-figure" />
                ))}
                <col class="pc-dash-col-trend" />
              </colgroup>
              <Head state={state} onSort={onSort} />
              <tbody>
                {rows.map((row) => (
                  <Row key={row.key} row={row} locale={locale} />
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </div>
  );
}
