/**
 * Pin geometry and the tag editor's draft with its undo history. Pure functions, no DOM: a pin is
 * a point in fractions (0..1) of the media element's box, so it survives any rendered size.
 */
import { MAX_TAGS_PER_POST } from '../platform/limits';


export interface Point {
  x: number;
  y: number;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Clamped to 0..1 and rounded to 0.1%, finer than any pointer can place. */
export function clamp01(value: number): number {
  return Math.min(1, Math.max(0, Math.round(value * 1000) / 1000));
}

/**
 * The pin at a client point over `box` (the media's current getBoundingClientRect, so scrolling and
 * letterboxing around the media do not matter). Points outside the box land on its edge.
 */
export function pinFromPoint(box: Box, clientX: number, clientY: number): Point {
  return {
    x: clamp01(box.width > 0 ? (clientX - box.left) / box.width : 0.5),
    y: clamp01(box.height > 0 ? (clientY - box.top) / box.height : 0.5),
  };
}

const STEPS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/**
 * Where an arrow key moves a pin: 1% of the media, 10% with Shift; null for any other key. Arrows
 * are physical like the picture they point at, so they do not flip in right-to-left pages.
 */
export function nudge(pin: Point, key: string, large: boolean): Point | null {
  const step = Object.hasOwn(STEPS, key) ? STEPS[key] : undefined;
  if (!step) return null;
  const size = large ? 0.1 : 0.01;
  return { x: clamp01(pin.x + step[0] * size), y: clamp01(pin.y + step[1] * size) };
}

/** Percent for display: 0.423 -> "42". */
export const percent = (value: number): string => String(Math.round(value * 100));

// ---------------------------------------------------------------- undo history

/**
 * A value with every earlier value since the editor opened. `group` lets a run of small changes
 * (arrow-key steps on one pin) undo as one.
 */
export interface History<T> {
  now: T;
  past: T[];
  group: string | null;
}

export function history<T>(initial: T): History<T> {
  return { now: initial, past: [], group: null };
}

/** Records `next` as a change; with the same `group` as the last change, extends that change instead. */
export function record<T>(h: History<T>, next: T, group: string | null = null): History<T> {
  if (next === h.now) return h;
  if (group !== null && group === h.group) return { ...h, now: next };
  return { now: next, past: [...h.past, h.now], group };
}

/** Replaces the current value without an undo step (a drag in progress); `commit` records it. */
export function preview<T>(h: History<T>, next: T): History<T> {
  return { ...h, now: next };
}

/** Turns a previewed run that started at `before` into one undo step. */
export function commit<T>(h: History<T>, before: T): History<T> {
  return h.now === before ? h : { now: h.now, past: [...h.past, before], group: null };
}

export function undo<T>(h: History<T>): History<T> {
  if (h.past.length === 0) return h;
  return { now: h.past[h.past.length - 1]!, past: h.past.slice(0, -1), group: null };
}

// ---------------------------------------------------------------- the draft's pins

/** A pin in the editor: the tag it edits (id null for a new one) and what the list shows. */
export interface DraftPin extends Point {
  /** Stable within the editor: the tag id, or a local key for a new pin. */
  key: string;
  id: string | null;
  productId: string;
  variantId: string | null;
  title: string;
  variantTitle: string;
  /** Saved but not yet published to the catalog server. */
  pending?: boolean;
}

export type Pins = readonly DraftPin[];

/** Adds a pin at the end (its number is its position); unchanged when the post is full. */
export function addPin(pins: Pins, pin: DraftPin): Pins {
  return pins.length >= MAX_TAGS_PER_POST ? pins : [...pins, pin];
}

/** Moves a pin (`{ x, y }`) or gives it another product (`{ productId, variantId, title, variantTitle }`). */
export function updatePin(pins: Pins, key: string, patch: Partial<Omit<DraftPin, 'key' | 'id'>>): Pins {
  return pins.map((pin) => (pin.key === key ? { ...pin, ...patch } : pin));
}

export function removePin(pins: Pins, key: string): Pins {
  return pins.filter((pin) => pin.key !== key);
}

/** What save-post-tags takes: the whole set, in the editor's order. */
export function toSave(pins: Pins): { id: string | null; productId: string; variantId: string | null; x: number; y: number }[] {
  return pins.map(({ id, productId, variantId, x, y }) => ({ id, productId, variantId, x, y }));
}
