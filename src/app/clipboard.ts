/**
 * Copying text. The Clipboard API needs a secure context (https, localhost, file); a page served
 * over plain http on a LAN falls back to a selected, off-screen textarea and "copy".
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the old way
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.left = "-9999px";
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** A random (version 4) UUID, from the uuid package (works outside secure contexts too). */
export { v4 as randomUuid } from "uuid";
