/**
 * The stateful tag editor: loads the post's pins, edits a draft of them (add, move, retag, remove,
 * undo) with the pins drawn over the media, and saves the whole set in one message.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { TagEditor } from '@/components/overlay/TagEditor';
import type { SearchHit } from '../platform/messages';
import type { PostRef } from '../catalog/model';
import { reasonOfError } from '../platform/errors';
import { formatCount } from '../platform/format';
import { reasonText, t } from '../platform/i18n';
import type { Send } from './messenger';
import { MAX_TAGS_PER_POST } from '../platform/limits';
import { mountMediaLayer, type MediaLayer } from './pin-layer';
import {
  addPin,
  commit,
  history,
  nudge,
  percent,
  pinFromPoint,
  preview,
  record,
  removePin,
  updatePin,
  toSave,
  undo,
  type History,
  type Pins,
  type Point,
} from './pins';
import { PIN_LAYER_TAG } from './popover';

/** What the runner asks the open editor before an outside click closes it. */
export interface EditorControl {
  keepOpen: () => boolean;
}

export interface TagEditorContainerProps {
  post: PostRef;
  media: Element | null;
  send: Send;
  control: EditorControl;
  /** Called once the post's tags are loaded, to move focus to the search field. */
  onReady?: () => void;
  onSaved: () => void;
  onClose: () => void;
}

const SEARCH_DELAY_MS = 120;
const CENTRE: Point = { x: 0.5, y: 0.5 };

export function TagEditorContainer({ post, media, send, control, onReady, onSaved, onClose }: TagEditorContainerProps) {
  const [draft, showDraft] = useState<History<Pins> | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [productId, setProductId] = useState<string | null>(null);
  const [variantId, setVariantId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const initial = useRef<Pins | null>(null);
  const layer = useRef<MediaLayer | null>(null);
  const items = useRef(new Map<string, HTMLButtonElement>());
  const drag = useRef<{ key: string; before: Pins; moved: boolean } | null>(null);
  const serial = useRef(0);
  const saving = useRef(false);
  // Handlers read the draft from here, not from the last render: key repeats can outrun rendering.
  const latest = useRef<History<Pins> | null>(null);
  const setDraft = (next: History<Pins>) => {
    latest.current = next;
    showDraft(next);
  };
  const now = () => latest.current?.now ?? null;

  const pins = draft?.now ?? null;
  const dirty = draft !== null && draft.now !== initial.current;
  const picked = hits.find((hit) => hit.productId === productId) ?? null;
  const variant = picked?.variants.find((v) => v.id === variantId) ?? null;
  const armed = variant !== null && pins !== null && pins.length < MAX_TAGS_PER_POST;

  // Unsaved pins are not thrown away by a stray click outside (Esc, Cancel and × do discard them).
  control.keepOpen = () => dirty;

  useEffect(() => {
    send({ type: 'get-post-tags', platform: post.platform, postId: post.postId }).then(
      (tags) => {
        const loaded: Pins = tags.map((tag) => ({ ...tag, key: tag.id }));
        initial.current = loaded;
        setDraft(history(loaded));
      },
      (error: unknown) => setLoadError(t('tagLoadFailed', reasonText(reasonOfError(error)))),
    );
    if (media) layer.current = mountMediaLayer(media, PIN_LAYER_TAG, 'pin-layer', 2147483646);
    return () => {
      if (!layer.current) return;
      render(null, layer.current.box);
      layer.current.remove();
    };
  }, []);

  const loaded = draft !== null;
  useEffect(() => {
    if (loaded) onReady?.();
  }, [loaded]);

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

  useEffect(() => {
    if (focusKey === null) return;
    items.current.get(focusKey)?.focus();
    setFocusKey(null);
  }, [focusKey]);

  const change = (edit: (pins: Pins) => Pins, message: string, group: string | null = null) => {
    if (!latest.current) return;
    setDraft(record(latest.current, edit(latest.current.now), group));
    setNote(message);
  };
  const numberOf = (key: string) => String((now()?.findIndex((pin) => pin.key === key) ?? -1) + 1);
  const at = (pin: Point) => [percent(pin.x), percent(pin.y)];

  const place = (point: Point) => {
    if (!picked || !variant) return;
    const key = `new-${++serial.current}`;
    change((pins) => addPin(pins, { key, id: null, productId: picked.productId, variantId: variant.id, title: picked.title, variantTitle: variant.title, ...point }), t('tagPinPlaced', at(point)));
    setSelected(key);
    setProductId(null);
    return key;
  };

  // The layer over the media: click to place, drag a pin to move it.
  const surface = (
    <div
      class={armed ? 'surface armed' : 'surface'}
      onPointerDown={(event) => {
        const key = (event.target as HTMLElement).dataset.key;
        const pins = now();
        if (!event.isTrusted || event.button !== 0 || !key || !pins) return;
        event.preventDefault();
        (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
        drag.current = { key, before: pins, moved: false };
        setSelected(key);
      }}
      onPointerMove={(event) => {
        const d = drag.current;
        if (!d || !event.isTrusted || !media || !latest.current) return;
        d.moved = true;
        const to = pinFromPoint(media.getBoundingClientRect(), event.clientX, event.clientY);
        setDraft(preview(latest.current, updatePin(latest.current.now, d.key, to)));
      }}
      onPointerUp={() => {
        const d = drag.current;
        if (!d?.moved || !latest.current) return;
        setDraft(commit(latest.current, d.before));
        const pin = now()?.find((p) => p.key === d.key);
        if (pin) setNote(t('tagPinMoved', [numberOf(d.key), ...at(pin)]));
      }}
      onClick={(event) => {
        // The click that ends a drag lands here too.
        const dragged = drag.current;
        drag.current = null;
        if (!event.isTrusted || dragged || !media) return;
        if (armed) place(pinFromPoint(media.getBoundingClientRect(), event.clientX, event.clientY));
        else setSelected(null);
      }}
    >
      {pins?.map((pin, i) => (
        <span key={pin.key} class="mark" data-key={pin.key} data-selected={pin.key === selected ? '' : undefined} style={{ left: `${pin.x * 100}%`, top: `${pin.y * 100}%` }}>
          {formatCount(i + 1)}
        </span>
      ))}
    </div>
  );
  useEffect(() => {
    if (layer.current) render(surface, layer.current.box);
  });

  const selectedPin = pins?.find((pin) => pin.key === selected) ?? null;

  const remove = (key: string) => {
    const pins = now();
    if (!pins) return;
    const i = pins.findIndex((pin) => pin.key === key);
    const rest = removePin(pins, key);
    change(() => rest, t('tagPinRemoved', String(i + 1)));
    // Focus stays in the list: on the pin that took this one's number, else the previous one.
    const next = rest[Math.min(i, rest.length - 1)]?.key ?? null;
    setSelected(next);
    if (next) setFocusKey(next);
  };

  const back = () => {
    if (!latest.current?.past.length) return;
    setDraft(undo(latest.current));
    setNote(t('tagUndone'));
  };

  const save = (event: MouseEvent) => {
    const pins = now();
    if (!event.isTrusted || !pins || saving.current) return;
    saving.current = true;
    setBusy(true);
    send({ type: 'save-post-tags', platform: post.platform, postId: post.postId, tags: toSave(pins), trusted: true })
      .then(() => {
        setNote(t('tagSaved'));
        onSaved();
      })
      .catch((error: unknown) => {
        saving.current = false;
        setBusy(false);
        setNote(t('tagSaveFailed', reasonText(reasonOfError(error))));
      });
  };

  return (
    <TagEditor
      pins={pins}
      loadError={loadError}
      selected={selected}
      query={query}
      hits={hits}
      productId={productId}
      variantId={variantId}
      canUndo={(draft?.past.length ?? 0) > 0 && !busy}
      canSave={dirty && !busy}
      note={note}
      itemRef={(key, el) => (el ? items.current.set(key, el) : items.current.delete(key))}
      onKeyDown={(event) => {
        // Ctrl/Cmd+Z undoes pins; inside the search field it stays the field's own text undo.
        if (!event.isTrusted || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'z') return;
        if ((event.target as Element).localName === 'input') return;
        event.preventDefault();
        back();
      }}
      onQuery={setQuery}
      onPick={(id) => {
        setProductId(id);
        // The search names the variant when the query singled one out (its SKU, "M / Blue").
        const hit = hits.find((h) => h.productId === id);
        setVariantId(hit?.variantId ?? hit?.variants[0]?.id ?? null);
      }}
      onVariant={setVariantId}
      onPlace={(event) => {
        if (!event.isTrusted) return;
        // From the keyboard (no pointer position) the pin starts in the middle, ready for the arrow keys.
        if (event.detail === 0 || !media) {
          const key = place(CENTRE);
          if (key) setFocusKey(key);
        } else setNote(t('tagPlacing'));
      }}
      onSelect={(key) => setSelected(key === selected ? null : key)}
      onPinKey={(shown, event) => {
        const pin = now()?.find((p) => p.key === shown.key);
        if (!event.isTrusted || !pin) return;
        if (event.key === 'Delete' || event.key === 'Backspace') {
          event.preventDefault();
          remove(pin.key);
          return;
        }
        const to = nudge(pin, event.key, event.shiftKey);
        if (!to) return;
        event.preventDefault();
        setSelected(pin.key);
        change((pins) => updatePin(pins, pin.key, to), t('tagPinMoved', [numberOf(pin.key), ...at(to)]), `nudge:${pin.key}`);
      }}
      onRemove={() => selected && remove(selected)}
      onRetag={() => {
        if (!selectedPin || !picked || !variant) return;
        change((pins) => updatePin(pins, selectedPin.key, { productId: picked.productId, variantId: variant.id, title: picked.title, variantTitle: variant.title }), t('tagRetagged', numberOf(selectedPin.key)));
        setProductId(null);
        setFocusKey(selectedPin.key);
      }}
      onUndo={back}
      onSave={save}
      onCancel={onClose}
    />
  );
}
