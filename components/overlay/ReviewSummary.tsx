import type { CardData } from '@/utils/platform/messages';
import { formatCount, formatDate, formatRating } from '@/utils/platform/format';
import { t } from '@/utils/platform/i18n';
import { ReviewInsights, type AiOffer } from './ReviewInsights';

type Reviews = NonNullable<CardData['reviews']>;

export interface ReviewSummaryProps {
  reviews: Reviews;
  insights: CardData['insights'];
  ai: AiOffer;
  onAi: (event: MouseEvent) => void;
}

/** Star histogram (5 down to 1), what reviewers say and how far to trust it, and a few review excerpts, all rendered as text. */
export function ReviewSummary({ reviews, insights, ai, onAi }: ReviewSummaryProps) {
  const max = Math.max(1, ...reviews.histogram);
  const rows = reviews.histogram.map((count, index) => ({ stars: index + 1, count })).reverse();
  return (
    <section aria-label={t('cardReviews')}>
      <p>
        <strong>★ {formatRating(reviews.rating)}</strong>{' '}
        <span class="muted">{t('ratingLabel', [formatRating(reviews.rating), reviews.count])}</span>
      </p>
      <div class="histogram">
        {rows.map(({ stars, count }) => (
          <>
            <span>{t('cardStarsRow', stars)}</span>
            <span class="track" role="meter" aria-valuemin={0} aria-valuemax={max} aria-valuenow={count} aria-label={t('cardStarsRow', stars)}>
              <span class="fill" style={{ display: 'block', inlineSize: `${(count / max) * 100}%` }} />
            </span>
            <span class="muted">{formatCount(count)}</span>
          </>
        ))}
      </div>
      {insights && <ReviewInsights insights={insights} ai={ai} onAi={onAi} />}
      {reviews.excerpts.length > 0 && (
        <>
          <h3 class="muted">{t('cardReviews')}</h3>
          <ul class="reviews">
            {reviews.excerpts.map((review) => (
              <li key={review.id}>
                <p>
                  <strong>{'★'.repeat(Math.round(review.rating))}</strong> <bdi>{review.title}</bdi>
                </p>
                <p dir="auto">{review.text}</p>
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
                  <bdi>{review.author}</bdi> · {formatDate(review.date)}
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
