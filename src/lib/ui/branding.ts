/**
 * The vendor's brand colour, applied through CSSOM custom properties: the strict CSP forbids
 * style attributes in the prerendered HTML, but not setting properties from script.
 */

/** WCAG relative luminance of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Black or white, whichever reads better on the brand colour. */
export function inkFor(hex: string): '#000000' | '#ffffff' {
  const l = luminance(hex);
  // Contrast with white (1.05 / (l + 0.05)) against contrast with black ((l + 0.05) / 0.05).
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

export function applyBranding(root: HTMLElement, color: string): void {
  root.style.setProperty('--brand', color);
  root.style.setProperty('--brand-ink', inkFor(color));
}
