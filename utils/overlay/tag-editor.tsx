/**
 * The stateful tag editor: loads the post's pins, edits a draft of them (add, move, retag, remove,
 * undo) with the pins drawn over the media, and saves the whole set in one message. It runs in an
 * extension page framed in the popover (editor-frame.tsx), so the seller's keystrokes never reach
 * the social page; the pins over the media are the content script's, through `surface`.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { TagEditor } from '@/components/overlay/TagEditor';
import type { SearchHit } from '../platform/messages';
import type { PostRef } from '../catalog/model';
import { reasonOfError } from '../platform/errors';
import { formatCount } from '../platform/format';
import { reasonText, t } from '../platform/i18n';
import type { Send } from './messenger';
import { MAX_TAGS_PER_POST } from '../platform/limits';
import type { SurfaceEvent, SurfaceLink } from './editor-link';
import {
  addPin,
  commit,
  history,
  nudge,
  percent,
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

/** What the runner asks the open editor before an outside click or Esc closes it. */
export interface EditorControl {
  keepOpen: () => boolean;
  /** Esc was pressed with unsaved pins, and the editor stayed open. */
  kept?: () => void;
}

export interface TagEditorContainerProps {
  post: PostRef;
  /** The pins over the post's media (absent when the post has no media: pins start in the middle). */
  surface: SurfaceLink | null;
  send: Send;
  control: EditorControl;
  /** Called once the post's tags are loaded, to move focus to the search field. */
  onReady?: () => void;
  /** Called when unsaved changes appear or go (the popover around the frame stays open meanwhile). */
  onDirty?: (dirty: boolean) => void;
  onSaved: () => void;
  onClose: () => void;
}

const SEARCH_DELAY_MS = 120;
const CENTRE: Point = { x: 0.5, y: 0.5 };

export function TagEditorContainer({ post, surface, send, control, onReady, onDirty, onSaved, onClose }: TagEditorContainerProps) {
  const [draft, showDraft] = useState<History<Pins> | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [onlyMerchants, setOnlyMerchants] = useState<string[]>([]);
  const [productId, setProductId] = useState<string | null>(null);
  const [variantId, setVariantId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const initial = useRef<Pins | null>(null);
  const items = useRef(new Map<string, HTMLButtonElement>());
  const drag = useRef<{ key: string; before: Pins } | null>(null);
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

  // Unsaved pins are not thrown away by a stray click outside or Esc (Cancel and × do discard them).
  control.keepOpen = () => dirty;
  useEffect(() => onDirty?.(dirty), [dirty]);
  control.kept = () => setNote(t('tagKeptOnEscape'));

  useEffect(() => {
    send({ type: 'get-post-tags', platform: post.platform, postId: post.postId }).then(
      (tags) => {
        const loaded: Pins = tags.map((tag) => ({ ...tag, key: tag.id }));
        initial.current = loaded;
        setDraft(history(loaded));
      },
      (error: unknown) => setLoadError(t('tagLoadFailed', reasonText(reasonOfError(error)))),
    );
    return surface?.listen((event) => onSurface.current(event));
  }, []);

  const loaded = draft !== null;
  useEffect(() => {
    if (loaded) onReady?.();
  }, [loaded]);

  useEffect(() => {
    let live = true;
    // Debounced so typing does not send one search per keystroke.
    const timer = setTimeout(() => {
      send({ type: 'search-catalog', query, platform: post.platform })
        .then((found) => {
          if (!live) return;
          setHits(found.hits);
          setOnlyMerchants(found.onlyMerchants);
        })
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

  // The seller's pointer on the media (the content script's pins): grab, drag and drop a pin, or
  // click a spot to place the picked product. Read through a ref: the listener outlives renders.
  const onSurface = useRef<(event: SurfaceEvent) => void>(() => undefined);
  onSurface.current = (event) => {
    const pins = now();
    if (!pins || !latest.current) return;
    if (event.kind === 'grab') {
      drag.current = { key: event.key, before: pins };
      setSelected(event.key);
    } else if (event.kind === 'drag') {
      if (drag.current?.key === event.key) setDraft(preview(latest.current, updatePin(pins, event.key, { x: event.x, y: event.y })));
    } else if (event.kind === 'drop') {
      const d = drag.current;
      drag.current = null;
      if (!d) return;
      setDraft(commit(latest.current, d.before));
      const pin = now()?.find((p) => p.key === d.key);
      if (pin) setNote(t('tagPinMoved', [numberOf(d.key), ...at(pin)]));
    } else if (armed) place({ x: event.x, y: event.y });
    else setSelected(null);
  };
  useEffect(() => {
    surface?.show({ pins: (pins ?? []).map(({ key, x, y }) => ({ key, x, y })), selected, armed });
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
      onlyMerchants={onlyMerchants}
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
        if (event.detail === 0 || !surface) {
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
