/** Publishing seller tags: what waits, how the last runs went, and edits that lost a conflict. Render only. */
import { formatDate } from '@/utils/platform/format';
import { reasonText, t } from '@/utils/platform/i18n';
import { type SellerStatus } from '@/utils/seller/model';

type Conflict = SellerStatus['conflicts'][number];

function conflictText(conflict: Conflict, titles: Record<string, string>): string {
  const tag = conflict.mine.tag;
  const title = (Object.hasOwn(titles, tag.productId) ? titles[tag.productId] : undefined) ?? tag.productId;
  const post = t('conflictPost', [tag.platform, tag.postId]);
  if (conflict.kind === 'refused') return t('conflictRefused', [title, post, reasonText(conflict.reason)]);
  if (!conflict.theirs) return t('conflictDeletedThere', [title, post]);
  if (conflict.mine.op === 'delete') return t('conflictKeptThere', [title, post]);
  return t('conflictReplaced', [title, post]);
}

export interface PublishingProps {
  status: SellerStatus | null;
  busy: boolean;
  onPublish: () => void;
  onDismiss: (tagId: string) => void;
}

export function Publishing({ status, busy, onPublish, onDismiss }: PublishingProps) {
  if (!status) return null;
  const errors = [...new Set(status.errors.map((e) => reasonText(e.error)))];
  return (
    <div class="pc-publishing">
      <p role="status">
        {status.pending === 0 ? t('publishNothingPending') : t('publishPending', status.pending)}
        {status.waiting > 0 && <> · {t('publishWaiting', status.waiting)}</>}
      </p>
      {errors.length > 0 && (
        <ul class="pc-small" aria-label={t('publishErrors')}>
          {errors.map((error) => (
            <li key={error} class="pc-field-error">
              {error}
            </li>
          ))}
        </ul>
      )}
      {status.runs.map(({ sourceId, label, run }) => (
        <p key={sourceId} class="pc-small">
          {t('publishLastRun', [label, formatDate(run.at), run.published, run.conflicts + run.refused])}
          {run.error && <span class="pc-field-error"> {t('publishRunFailed', reasonText(run.error))}</span>}
        </p>
      ))}
      <div class="pc-actions">
        <button type="button" class="pc-button pc-secondary" disabled={busy || status.pending === 0} onClick={onPublish}>
          {t('publishNow')}
        </button>
      </div>
      {status.conflicts.length > 0 && (
        <>
          <h3 id="pc-conflicts-heading">{t('conflictsHeading')}</h3>
          <ul class="pc-lines" aria-labelledby="pc-conflicts-heading">
            {status.conflicts.map((conflict) => (
              <li key={conflict.tagId} class="pc-group pc-conflict">
                <p>{conflictText(conflict, status.titles)}</p>
                <p class="pc-small pc-muted">{formatDate(conflict.at)}</p>
                <button type="button" class="pc-button pc-link" aria-label={t('conflictDismissLabel', conflictText(conflict, status.titles))} onClick={() => onDismiss(conflict.tagId)}>
                  {t('dismiss')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** The popup's one line while seller mode is on: changes not yet published. */
export function PendingTagsLine({ pending }: { pending: number }) {
  if (pending === 0) return null;
  return (
    <p class="pc-small pc-muted pc-catalog" role="status">
      {t('publishPendingPopup', pending)}
    </p>
  );
}
