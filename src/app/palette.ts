/**
 * The VM palette: Okabe–Ito hues (distinguishable with the common colour-vision deficiencies),
 * each paired with a letter and a stripe pattern so that colour is never the only signal.
 * styles.css defines `.vm-c0` … `.vm-c7` from the same list (hue, stripe angle).
 */
export interface Swatch {
  name: string;
  letter: string;
}

export const PALETTE: readonly Swatch[] = [
  { name: "Blue", letter: "A" },
  { name: "Orange", letter: "B" },
  { name: "Green", letter: "C" },
  { name: "Vermilion", letter: "D" },
  { name: "Sky", letter: "E" },
  { name: "Purple", letter: "F" },
  { name: "Yellow", letter: "G" },
  { name: "Grey", letter: "H" },
];

/** The palette slot of a VM: its chosen colour, or its position when it has none. */
export const colorIndex = (color: number | undefined, vmIndex: number): number => {
  const n = color ?? vmIndex;
  return ((n % PALETTE.length) + PALETTE.length) % PALETTE.length;
};

export const swatch = (color: number | undefined, vmIndex: number): Swatch =>
  PALETTE[colorIndex(color, vmIndex)] ?? { name: "Blue", letter: "A" };
