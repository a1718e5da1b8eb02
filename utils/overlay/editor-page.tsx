/**
 * The tag editor's extension page (editor.html), framed in the popover on a social page. It opens
 * a runtime port to the content script of its tab's top frame, named after the nonce in its URL
 * (editor-link.ts), and gets the post to edit from there; it reads and saves the post's tags with
 * the background itself. Keys typed here never reach the social page.
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { request } from '../platform/request';
import type { ContentRequest } from '../platform/messages';
import { editorPortName, type FromEditor, type SurfaceEvent, type SurfaceLink, type ToEditor } from './editor-link';
import { EDITOR_PAGE_CSS } from './styles';
import { TagEditorContainer, type EditorControl } from './tag-editor';
import type { Send } from './messenger';

const send: Send = (message) => request((m: ContentRequest) => browser.runtime.sendMessage(m), message);

export async function startEditorPage(doc: Document): Promise<void> {
  const nonce = doc.location.hash.slice(1);
  const tab = await browser.tabs.getCurrent();
  if (!nonce || tab?.id === undefined) return;
  const style = doc.createElement('style');
  style.textContent = EDITOR_PAGE_CSS;
  doc.head.append(style);

  const port = browser.tabs.connect(tab.id, { name: editorPortName(nonce), frameId: 0 });
  const post = (message: FromEditor) => port.postMessage(message);
  const listeners = new Set<(event: SurfaceEvent) => void>();
  const surface: SurfaceLink = {
    show: (view) => post({ type: 'view', view }),
    listen: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const control: EditorControl = { keepOpen: () => false };
  const focusFirst = () => doc.querySelector<HTMLElement>('input, select, button:not(.close)')?.focus();
  // Focus given to the frame from the page goes to the first field, not to the document.
  doc.defaultView?.addEventListener('focus', () => {
    if (doc.activeElement === doc.body) focusFirst();
  });
  const root = doc.getElementById('app')!;
  port.onMessage.addListener((message: ToEditor) => {
    if (message.type === 'surface') for (const listener of listeners) listener(message.event);
    else if (message.type === 'kept') control.kept?.();
    else if (message.type === 'init') {
      render(
        <TagEditorContainer
          post={message.post}
          surface={message.hasMedia ? surface : null}
          send={send}
          control={control}
          onDirty={(dirty) => post({ type: 'dirty', dirty })}
          onReady={() => {
            focusFirst();
            // The content script then focuses the frame, which lands on the field (below).
            post({ type: 'ready' });
          }}
          onSaved={() => post({ type: 'saved' })}
          onClose={() => post({ type: 'close' })}
        />,
        root,
      );
    }
  });
  // The content script went away (the popover closed, the page navigated): nothing left to edit.
  port.onDisconnect.addListener(() => render(null, root));
  // Esc closes, except over unsaved pins: the editor stays and says why (Cancel and × discard them).
  doc.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    if (control.keepOpen()) control.kept?.();
    else post({ type: 'close' });
  });
  new ResizeObserver(() => post({ type: 'height', px: Math.ceil(doc.documentElement.scrollHeight) })).observe(doc.body);
}
