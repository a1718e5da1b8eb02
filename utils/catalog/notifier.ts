/**
 * Price alerts in the browser (the worker's side): notifications with Postcart's icon, the
 * toolbar badge, and what a click does.
 *
 * A click opens the popup on the product (a digest: on the watch list). The popup is told what to
 * show through the database (watch-store.ts `setFocus`), so it does not matter how it opens:
 * `action.openPopup()` where the browser allows it without a click on the toolbar (Chrome 127+,
 * with a focused window), else the popup's page in a small window of its own (Firefox, where a
 * notification click is no user action for openPopup), else in a tab (no windows API, Android).
 * Snooze buttons are offered only where notifications have buttons (Chrome); Firefox has none, so
 * the feature is detected (`onButtonClicked`), never assumed, and the popup snoozes there.
 */
import { browser } from 'wxt/browser';
import type { PostcartDB } from './db';
import type { Notice, Notifier } from './alerts';
import { alertRecordOf, changeWatch, setFocus, type WatchChange } from './watch-store';
import { formatCount } from '../platform/format';
import { t } from '../platform/i18n';
import { iconPath } from '../platform/icons';

/** The snooze a notification's buttons stand for, in order. */
export const NOTIFICATION_BUTTONS: readonly WatchChange[] = ['day', 'off'];
const BUTTON_LABELS: Record<string, string> = { day: 'popupWatchSnoozeDay', off: 'popupWatchOff' };

const BADGE_COLOR = '#b3261e';

/** Whether this browser's notifications have buttons. */
export function notificationsHaveButtons(): boolean {
  return typeof browser.notifications?.onButtonClicked?.addListener === 'function';
}

export function browserNotifier(): Notifier {
  return {
    async show(notice: Notice) {
      const buttons = notice.productId !== null && notificationsHaveButtons() ? { buttons: NOTIFICATION_BUTTONS.map((change) => ({ title: t(BUTTON_LABELS[change]!) })) } : {};
      await browser.notifications.create(notice.id, {
        type: 'basic',
        iconUrl: browser.runtime.getURL(iconPath(96)),
        title: notice.title,
        message: notice.message,
        ...buttons,
      });
    },
    async badge(count: number) {
      await browser.action.setBadgeText({ text: count > 0 ? formatCount(count) : '' });
      if (count > 0) await browser.action.setBadgeBackgroundColor({ color: BADGE_COLOR });
    },
  };
}

export type Opened = 'popup' | 'window' | 'tab';

/** Opens the popup, or its page where the browser will not open the popup from here. */
export async function openPopupSomehow(): Promise<Opened> {
  try {
    if (typeof browser.action?.openPopup === 'function') {
      await browser.action.openPopup();
      return 'popup';
    }
  } catch {
    // No focused window, or not from a user action (Firefox): the page instead.
  }
  const url = browser.runtime.getURL('/popup.html');
  if (typeof browser.windows?.create === 'function') {
    try {
      await browser.windows.create({ url, type: 'popup', width: 420, height: 640, focused: true });
      return 'window';
    } catch {
      // Some browsers have no popup windows: a tab then.
    }
  }
  await browser.tabs.create({ url });
  return 'tab';
}

export interface NotificationWiring {
  db: PostcartDB;
  now: () => number;
  open?: () => Promise<Opened>;
}

/** A clicked notification: the popup opens on what it was about. */
export async function onNotificationClicked({ db, now, open = openPopupSomehow }: NotificationWiring, id: string): Promise<Opened | null> {
  const focus = await setFocus(db, id, now());
  if (!focus) return null;
  await browser.notifications.clear(id).catch(() => undefined);
  return open();
}

/** A notification's button: snoozes (or turns off) the watches it alerted. */
export async function onNotificationButton({ db, now }: NotificationWiring, id: string, index: number): Promise<number> {
  const change = NOTIFICATION_BUTTONS[index];
  const record = await alertRecordOf(db, id);
  if (!change || !record) return 0;
  let changed = 0;
  for (const alert of record.alerts) {
    for (const item of alert.items) {
      // A watch removed since is no error here.
      await changeWatch(db, alert.productId, item.watchId, change, now()).then(() => (changed += 1), () => undefined);
    }
  }
  await browser.notifications.clear(id).catch(() => undefined);
  return changed;
}

/** Listens to notification clicks and buttons (where there are buttons). */
export function listenToNotifications(wiring: NotificationWiring): void {
  browser.notifications.onClicked.addListener((id) => void onNotificationClicked(wiring, id).catch((error: unknown) => console.error('[postcart] opening an alert', error)));
  if (notificationsHaveButtons()) {
    browser.notifications.onButtonClicked.addListener((id, index) => void onNotificationButton(wiring, id, index).catch((error: unknown) => console.error('[postcart] snoozing from an alert', error)));
  }
}
