import { browser } from 'wxt/browser';
import type { ContentRequest, ResponseMap } from '../platform/messages';
import { request } from '../platform/request';

/** How content-script code talks to the background; injected so tests can answer in memory. */
export type Send = <R extends ContentRequest>(message: R) => Promise<ResponseMap[R['type']]>;

export const sendToBackground: Send = (message) =>
  request((m) => browser.runtime.sendMessage(m), message);
