/** "0.4 s", "1 min 0.4 s", "3 min": virtual time offsets as a learner reads them, to a tenth of a second. */
export function formatOffset(ms: number): string {
  // Round first: 119,999.99 ms (a sum of clock floats) is "2 min", never "1 min 60.0 s".
  const tenths = Math.round(Math.max(0, ms) / 100);
  const minutes = Math.floor(tenths / 600);
  const rest = tenths - minutes * 600;
  const secondsText = `${(rest / 10).toFixed(1)} s`;
  if (minutes === 0) return secondsText;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${secondsText}`;
}
