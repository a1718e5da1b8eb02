import { browser } from 'wxt/browser';
import type { BackgroundNotice, ContentRequest, ResponseMap } from '../platform/messages';
import { request } from '../platform/request';

/** How content-script code talks to the background; injected so tests can answer in memory. */
export type Send = <R extends ContentRequest>(message: R) => Promise<ResponseMap[R['type']]>;

export const sendToBackground: Send = (message) =>
  request((m) => browser.runtime.sendMessage(m), message);

/**
 * What the background tells the page by itself (tabs.sendMessage: only the extension can send to a
 * content script). Not removed: it goes with the script, and a stopped runner has nothing to redraw.
 */
export const listenToBackground = (listener: (notice: BackgroundNotice) => void): void => browser.runtime.onMessage.addListener(listener as (message: unknown) => void);
