/** The stateful tag editor: catalog search, variant pick, pin placement, save. */
import { useEffect, useState } from 'preact/hooks';
import { TagEditor } from '@/components/TagEditor';
import type { ActionStatus } from '@/components/ProductCard';
import type { SearchHit } from '../messages';
import type { PostRef } from '../model';
import { t } from '../i18n';
import type { Send } from './messenger';
import { placePin, type Pin } from './pin-layer';

export interface TagEditorContainerProps {
  post: PostRef;
  media: Element | null;
  send: Send;
  onSaved: () => void;
  onClose: () => void;
}

const SEARCH_DELAY_MS = 120;

export function TagEditorContainer({ post, media, send, onSaved, onClose }: TagEditorContainerProps) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [productId, setProductId] = useState<string | null>(null);
  const [variantId, setVariantId] = useState<string | null>(null);
  const [pin, setPin] = useState<Pin | null>(null);
  const [status, setStatus] = useState<ActionStatus>({ kind: 'idle' });

  useEffect(() => {
    let live = true;
    // Debounced so typing does not send one search per keystroke.
    const timer = setTimeout(() => {
      send({ type: 'search-catalog', query })
        .then((found) => live && setHits(found))
        .catch(() => live && setHits([]));
    }, query ? SEARCH_DELAY_MS : 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);

  const pick = (id: string) => {
    setProductId(id);
    const hit = hits.find((h) => h.productId === id);
    setVariantId(hit?.variants[0]?.id ?? null);
  };

  const startPin = () => {
    // Without media (a text post) the pin goes in the middle.
    if (!media) {
      setPin({ x: 0.5, y: 0.5 });
      return;
    }
    void placePin(media).then((placed) => {
      if (placed) setPin(placed);
    });
  };

  const save = (event: MouseEvent) => {
    if (!event.isTrusted || !productId || !variantId || !pin) return;
    setStatus({ kind: 'busy' });
    send({ type: 'save-tag', platform: post.platform, postId: post.postId, productId, variantId, x: pin.x, y: pin.y, trusted: true })
      .then(() => {
        setStatus({ kind: 'done', message: t('tagSaved') });
        onSaved();
      })
      .catch((error: unknown) => setStatus({ kind: 'error', message: t('tagSaveFailed', String((error as Error).message)) }));
  };

  return (
    <TagEditor
      query={query}
      hits={hits}
      productId={productId}
      variantId={variantId}
      pin={pin}
      status={status}
      onQuery={setQuery}
      onPick={pick}
      onVariant={setVariantId}
      onPlacePin={startPin}
      onSave={save}
      onCancel={onClose}
    />
  );
}
