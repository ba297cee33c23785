/** "0.4 s", "1 min 0.4 s", "3 min": virtual time offsets as a learner reads them. */
export function formatOffset(ms: number): string {
  const totalSeconds = Math.max(0, ms) / 1000;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds - minutes * 60;
  const secondsText = `${seconds.toFixed(1)} s`;
  if (minutes === 0) return secondsText;
  return seconds < 0.05 ? `${minutes} min` : `${minutes} min ${secondsText}`;
}
