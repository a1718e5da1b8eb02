/**
 * What the content script and the tag editor's extension page say to each other. The editor (the
 * seller's search field, pin list, undo and save) runs in an extension page framed inside our
 * popover, so no keystroke of the seller's reaches the social page's listeners; the content script
 * keeps only the pins over the media, which must sit on the page.
 *
 * The editor page opens a runtime port to the content script of its tab's top frame, named after a
 * random nonce the content script put in the frame's URL (inside a closed shadow root, which the
 * page cannot read). The content script talks only to the port carrying its nonce, so a page that
 * frames editor.html itself gets no post to edit; and the editor talks only to the content script
 * of its own tab, which no page can impersonate (runtime ports are extension-only).
 */
import type { PostRef } from '../catalog/model';

/** What the content script draws over the media. */
export interface SurfaceView {
  pins: { key: string; x: number; y: number }[];
  selected: string | null;
  /** A product is picked: a click on the media places it. */
  armed: boolean;
}

/** What the seller's pointer did on the media; points are fractions (0..1) of the media box. */
export type SurfaceEvent =
  | { kind: 'grab'; key: string }
  | { kind: 'drag'; key: string; x: number; y: number }
  | { kind: 'drop'; key: string }
  | { kind: 'click'; x: number; y: number };

export type ToEditor =
  | { type: 'init'; post: PostRef; hasMedia: boolean }
  | { type: 'surface'; event: SurfaceEvent }
  /** Esc on the page's side was refused over unsaved pins: the editor says why. */
  | { type: 'kept' };

export type FromEditor =
  | { type: 'view'; view: SurfaceView }
  /** Unsaved changes: an outside click does not close the editor. */
  | { type: 'dirty'; dirty: boolean }
  | { type: 'height'; px: number }
  /** Loaded: focus may move into the frame. */
  | { type: 'ready' }
  | { type: 'saved' }
  | { type: 'close' };

export const editorPortName = (nonce: string): string => `postcart-editor:${nonce}`;

/** The editor's side of the pins over the media. */
export interface SurfaceLink {
  show(view: SurfaceView): void;
  /** Calls `listener` with each pointer event on the media; returns the unsubscribe. */
  listen(listener: (event: SurfaceEvent) => void): () => void;
}
