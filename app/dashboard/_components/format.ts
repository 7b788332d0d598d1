// Dates as the dashboard shows them: UTC, to the minute, readable.
export function formatDate(value: Date | null | undefined): string {
  if (!value) return '—';
  return `${value.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
