/**
 * Every supported site. Adding a site touches exactly: its adapter here, a few-line entrypoint
 * (entrypoints/<platform>.content.ts), its fixtures (tests/fixtures/<platform>/) and its tests
 * (tests/unit/<platform>-adapter.test.ts, tests/e2e/<platform>.spec.ts); tests/unit/registry.test.ts
 * checks that each one has all of these.
 */
import { facebook } from './facebook';
import { instagram } from './instagram';
import { pinterest } from './pinterest';
import { tiktok } from './tiktok';
import type { SiteAdapter } from './types';

export const ADAPTERS: readonly SiteAdapter[] = [instagram, pinterest, tiktok, facebook];

/** Page patterns of all sites: where the overlay may load the extension's demo images. */
export const ALL_MATCHES: readonly string[] = ADAPTERS.flatMap((adapter) => adapter.matches);
