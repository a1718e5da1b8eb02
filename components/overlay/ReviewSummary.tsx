import type { CardData } from '@/utils/platform/messages';
import { formatCount, formatDate, formatRating } from '@/utils/platform/format';
import { t } from '@/utils/platform/i18n';

type Reviews = NonNullable<CardData['reviews']>;

/** Star histogram (5 down to 1) and a few review excerpts, all rendered as text. */
export function ReviewSummary({ reviews }: { reviews: Reviews }) {
  const max = Math.max(1, ...reviews.histogram);
  const rows = reviews.histogram.map((count, index) => ({ stars: index + 1, count })).reverse();
  return (
    <section aria-label={t('cardReviews')}>
      <p>
        <strong>★ {formatRating(reviews.rating)}</strong>{' '}
        <span class="muted">{t('ratingLabel', [formatRating(reviews.rating), formatCount(reviews.count)])}</span>
      </p>
      <div class="histogram">
        {rows.map(({ stars, count }) => (
          <>
            <span>{t('cardStarsRow', String(stars))}</span>
            <span class="track" role="meter" aria-valuemin={0} aria-valuemax={max} aria-valuenow={count} aria-label={t('cardStarsRow', String(stars))}>
              <span class="fill" style={{ display: 'block', inlineSize: `${(count / max) * 100}%` }} />
            </span>
            <span class="muted">{formatCount(count)}</span>
          </>
        ))}
      </div>
      {reviews.excerpts.length > 0 && (
        <>
          <h3 class="muted">{t('cardReviews')}</h3>
          <ul class="reviews">
            {reviews.excerpts.map((review) => (
              <li key={review.id}>
                <p>
                  <strong>{'★'.repeat(Math.round(review.rating))}</strong> {review.title}
                </p>
                <p>{review.text}</p>
                {review.pros?.length ? (
                  <p>
                    <strong>{t('cardPros')}</strong> {review.pros.join(' · ')}
                  </p>
                ) : null}
                {review.cons?.length ? (
                  <p>
                    <strong>{t('cardCons')}</strong> {review.cons.join(' · ')}
                  </p>
                ) : null}
                <p class="muted">
                  {review.author} · {formatDate(review.date)}
                  {review.verified ? ` · ${t('cardVerified')}` : ''}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
