import type { ReactNode } from 'react';

/** A column heading; `{ hidden }` is read by screen readers only (a column of buttons). */
type Column = string | { hidden: string };

type Props<T> = {
  columns: Column[];
  rows: T[];
  rowKey: (row: T) => string;
  /** data-testid of every row. */
  rowTestId: string;
  /** A row's cells (<td> elements). */
  cells: (row: T) => ReactNode;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
};

/** The dashboard's lists: a scrollable table with one row per item. */
export function DataTable<T>({ columns, rows, rowKey, rowTestId, cells, empty }: Props<T>) {
  if (rows.length === 0 && empty !== undefined) return empty;
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            {columns.map((column, i) => {
              const key = typeof column === 'string' ? column || `column-${i}` : column.hidden;
              if (typeof column === 'string') return column ? <th key={key}>{column}</th> : <th key={key} />;
              return (
                <th key={key}>
                  <span className="visually-hidden">{column.hidden}</span>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} data-testid={rowTestId}>
              {cells(row)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What a list shows while it is empty: what would be here, and how to get there. */
export function EmptyState({ title, className, children }: { title: string; className?: string; children: ReactNode }) {
  return (
    <div className={className ? `empty ${className}` : 'empty'}>
      <strong>{title}</strong>
      {children}
    </div>
  );
}
