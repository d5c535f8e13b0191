import type { Severity } from '../vocabulary.js';

/** Severity colours: the HTML report's badges (also in styles.hbs), and the fill of SVG charts, which works even
 * where a mail client strips <style>. */
export const SEVERITY_COLOR: Record<Severity, string> = {
  critical: '#991b1b',
  high: '#c2410c',
  medium: '#a16207',
  low: '#1d4ed8',
  info: '#475569',
};
