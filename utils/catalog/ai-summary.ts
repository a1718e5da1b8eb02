/**
 * The background's side of the optional AI paragraph. Chrome's Summarizer is a window API (not in
 * the service worker), and a content script would run it inside the social site's page, under that
 * page's permissions policy, with the site able to cover the button. So the card's button asks the
 * background to open a small extension window (entrypoints/ai-summary), which asks here for the
 * product's reviews labelled [R1], [R2]... and runs the model itself, on the user's click.
 */
import { cardInsights } from './card-extras';
import type { PostcartDB } from './db';
import { buildSummarizerInput } from './insights/summarizer';
import { productInsights } from './insights/store';
import type { AiSummaryInput } from '../platform/messages';

/** The extension page that runs the Summarizer for one product. */
export function aiSummaryPath(productId: string): string {
  return `/ai-summary.html?product=${encodeURIComponent(productId)}`;
}

/** The Summarizer's input for a product's reviews in their main language, or null when there is nothing to summarise. */
export async function aiSummaryInput(db: PostcartDB, productId: string): Promise<AiSummaryInput | null> {
  const insights = await productInsights(db, productId);
  const [product, review] = await Promise.all([db.products.get(productId), db.reviews.get(productId)]);
  const language = insights ? cardInsights(insights).ai?.language : undefined;
  if (!product || !review || !language) return null;
  const input = buildSummarizerInput(review.items, language);
  if (!input) return null;
  const labelled = new Set(Object.values(input.labels));
  return {
    productId,
    title: product.title,
    language,
    text: input.text,
    context: input.context,
    options: input.options,
    labels: input.labels,
    reviews: review.items
      .filter((r) => labelled.has(r.id))
      .map(({ id, rating, title, text, author, date, verified }) => ({ id, rating, title, text, author, date, verified })),
  };
}
