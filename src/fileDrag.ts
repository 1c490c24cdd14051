/** Whether a drag carries files (not text dragged within the page). */
export const hasFiles = (e: DragEvent): boolean =>
  [...(e.dataTransfer?.types ?? [])].includes("Files");
