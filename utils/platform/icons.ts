/**
 * Postcart's icon files: PNGs in public/icons/, rasterized from the SVG sources in scripts/icons/
 * by scripts/render-icons.sh (the PNGs are committed; rerun the script after changing an SVG).
 * The manifest (wxt.config.ts) lists them for both browsers; extension pages and notifications
 * take their URLs from here.
 */

export const ICON_SIZES = [16, 32, 48, 96, 128] as const;
export type IconSize = (typeof ICON_SIZES)[number];

/** An icon's path from the extension's root: `<img src>` in an extension page, or `runtime.getURL`. */
export function iconPath(size: IconSize): `/icons/${IconSize}.png` {
  return `/icons/${size}.png`;
}

/** The manifest's `icons` / `action.default_icon` map: size -> path relative to the manifest. */
export function manifestIcons(): Record<`${IconSize}`, string> {
  return Object.fromEntries(ICON_SIZES.map((size) => [String(size), iconPath(size).slice(1)])) as Record<`${IconSize}`, string>;
}

/** A `srcset` for an icon shown at `cssSize` px (a popup header at 24 px: the 48 px file on 2x screens). */
export function iconSrcset(cssSize: number): string {
  return ICON_SIZES.filter((size) => size >= cssSize)
    .map((size) => `${iconPath(size)} ${Number((size / cssSize).toFixed(2))}x`)
    .join(', ');
}
