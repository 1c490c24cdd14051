/**
 * After "Try the example" the next step is the disk map: once the listing is read and the map
 * drawn, its focusable piece (the map has one tab stop) takes the focus. Gives up quietly after
 * a few seconds, and never moves the focus away from something the user has since chosen.
 */
export function focusMapWhenDrawn(from: Element | null, timeoutMs = 3000): void {
  const until = performance.now() + timeoutMs;
  const attempt = () => {
    if (document.activeElement !== from && document.activeElement !== document.body) return;
    const piece = document.querySelector<HTMLElement>(
      '[role="listbox"] [role="option"][tabindex="0"]',
    );
    if (piece) {
      piece.scrollIntoView({ block: "nearest" });
      piece.focus({ preventScroll: true });
    } else if (performance.now() < until) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}
