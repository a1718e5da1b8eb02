/**
 * Consent to the anonymous shopping stats. The setting (`analytics`, off by default, and
 * `consentAsked`) lives in platform/settings; this is what browsers add on top of it.
 *
 * Firefox 140+ has built-in data collection consent: the stats are declared as optional
 * `technicalAndInteraction` and `browsingActivity` (wxt.config.ts), so a "yes" must also be granted
 * as a permission, and the user can take it back in the add-ons manager. Chrome has no such
 * permission. Whether the browser has it is read from our own manifest (synchronously: a permission
 * request must start inside the click that asked for it, before any await).
 */
import type { Settings } from '../platform/settings';

/** The data collection types the stats need (Mozilla's taxonomy; the manifest's optional list). */
export const STATS_DATA_COLLECTION = ['technicalAndInteraction', 'browsingActivity'] as const;

/** A permission set as Firefox takes it; Chrome's types know nothing of `data_collection`. */
export interface DataCollectionPermissions {
  data_collection: string[];
}

/** The slice of `browser.permissions` consent needs (tests pass a fake). */
export interface PermissionsApi {
  contains(permissions: DataCollectionPermissions): Promise<boolean>;
  request(permissions: DataCollectionPermissions): Promise<boolean>;
  remove(permissions: DataCollectionPermissions): Promise<boolean>;
  onRemoved?: { addListener(listener: (removed: Partial<DataCollectionPermissions>) => void): void };
}

interface ManifestLike {
  browser_specific_settings?: { gecko?: { data_collection_permissions?: { optional?: readonly string[] } } };
}

/**
 * The data collection permission the stats need in this browser, or null where there is none to
 * ask for (Chrome; a Firefox build that does not declare it).
 */
export function statsDataCollection(manifest: unknown): DataCollectionPermissions | null {
  const optional = (manifest as ManifestLike | null)?.browser_specific_settings?.gecko?.data_collection_permissions?.optional;
  if (!Array.isArray(optional)) return null;
  const declared = STATS_DATA_COLLECTION.filter((type) => optional.includes(type));
  return declared.length > 0 ? { data_collection: [...declared] } : null;
}

/** Whether stats may leave the browser as far as the browser is concerned (the setting is checked apart). */
export async function statsPermitted(permissions: Pick<PermissionsApi, 'contains'>, manifest: unknown): Promise<boolean> {
  const wanted = statsDataCollection(manifest);
  if (!wanted) return true;
  try {
    return await permissions.contains(wanted);
  } catch {
    // A browser that declares it but cannot answer: send nothing rather than guess.
    return false;
  }
}

/** The page side: asks for and gives back the browser's permission, where the browser has one. */
export interface StatsPermission {
  /** Must be called synchronously inside the click handler. Resolves to whether stats may be sent. */
  request(): Promise<boolean>;
  /** Gives the permission back (the user said no or switched the stats off). */
  release(): Promise<void>;
}

export function browserStatsPermission(permissions: PermissionsApi, manifest: unknown): StatsPermission {
  const wanted = statsDataCollection(manifest);
  return {
    request: () => (wanted ? permissions.request(wanted).catch(() => false) : Promise.resolve(true)),
    release: async () => {
      if (wanted) await permissions.remove(wanted).catch(() => false);
    },
  };
}

/**
 * The user's answer, from a click: on "yes" the browser's permission is asked first (in the same
 * task as the click), and the setting says yes only if it was granted. Returns what `send`
 * answered (the settings as stored).
 */
export function answerStats(permission: StatsPermission, yes: boolean, send: (analytics: boolean) => Promise<Settings>): Promise<Settings> {
  if (!yes) {
    void permission.release();
    return send(false);
  }
  return permission.request().then((granted) => send(granted));
}

/**
 * Keeps the setting in step with the add-ons manager: when the user takes the data collection
 * permission back there, the switch goes off (and queued events are dropped by the next flush).
 */
export function watchStatsPermission(permissions: PermissionsApi, manifest: unknown, off: () => Promise<unknown>): void {
  const wanted = statsDataCollection(manifest);
  if (!wanted || !permissions.onRemoved) return;
  permissions.onRemoved.addListener((removed) => {
    if (removed.data_collection?.some((type) => wanted.data_collection.includes(type))) {
      void off().catch((error: unknown) => console.warn('[postcart] switching stats off failed', error));
    }
  });
}
