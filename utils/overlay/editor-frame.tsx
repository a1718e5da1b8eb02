/**
 * The content script's side of the tag editor: an extension-page frame (editor.html) in the
 * popover, where the seller types and picks, and the pins over the media, which stay on the page
 * (pin-surface.tsx). The two talk over a runtime port only the frame's editor can open
 * (editor-link.ts).
 */
import { useEffect, useRef } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { PostRef } from '../catalog/model';
import { t } from '../platform/i18n';
import { editorPortName, type FromEditor, type ToEditor } from './editor-link';
import { randomName } from './names';
import { mountPinSurface, type PinSurface } from './pin-surface';
// The same control on both sides of the frame: the page's popover asks, the editor answers.
import type { EditorControl } from './tag-editor';

export type { EditorControl };

export interface EditorFrameProps {
  post: PostRef;
  media: Element | null;
  control: EditorControl;
  onReady: () => void;
  onSaved: () => void;
  onClose: () => void;
}

type Port = ReturnType<typeof browser.runtime.connect>;

export function EditorFrame({ post, media, control, onReady, onSaved, onClose }: EditorFrameProps) {
  const frame = useRef<HTMLIFrameElement>(null);
  const nonce = useRef(randomName().replace('-', '') + randomName().replace('-', ''));

  useEffect(() => {
    let port: Port | null = null;
    let dirty = false;
    control.keepOpen = () => dirty;
    control.kept = () => port?.postMessage({ type: 'kept' } satisfies ToEditor);
    const surface: PinSurface | null = media ? mountPinSurface(media, (event) => port?.postMessage({ type: 'surface', event } satisfies ToEditor)) : null;
    const onConnect = (candidate: Port) => {
      // Only our own editor frame knows the nonce; anything else (a page framing editor.html) is dropped.
      if (port || candidate.name !== editorPortName(nonce.current) || candidate.sender?.id !== browser.runtime.id) return candidate.disconnect();
      port = candidate;
      port.onMessage.addListener((message: FromEditor) => {
        if (message.type === 'view') surface?.show(message.view);
        else if (message.type === 'dirty') dirty = message.dirty;
        else if (message.type === 'height' && frame.current) frame.current.style.height = `${Math.min(Math.max(message.px, 120), 2000)}px`;
        else if (message.type === 'ready') {
          // Focused before its page loaded, the frame holds a document that is gone: focus it afresh.
          frame.current?.blur();
          onReady();
        }
        else if (message.type === 'saved') onSaved();
        else if (message.type === 'close') onClose();
      });
      port.onDisconnect.addListener(() => onClose());
      port.postMessage({ type: 'init', post, hasMedia: media !== null } satisfies ToEditor);
    };
    browser.runtime.onConnect.addListener(onConnect);
    return () => {
      browser.runtime.onConnect.removeListener(onConnect);
      port?.disconnect();
      surface?.remove();
    };
  }, []);

  return <iframe ref={frame} class="editor" title={t('tagEditorTitle')} src={browser.runtime.getURL(`/editor.html#${nonce.current}`)} />;
}
