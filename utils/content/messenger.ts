import { browser } from 'wxt/browser';
import { request, type ContentRequest, type ResponseMap } from '../messages';

/** How content-script code talks to the background; injected so tests can answer in memory. */
export type Send = <R extends ContentRequest>(message: R) => Promise<ResponseMap[R['type']]>;

export const sendToBackground: Send = (message) =>
  request((m) => browser.runtime.sendMessage(m), message);
