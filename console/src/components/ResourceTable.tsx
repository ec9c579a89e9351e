import type { ReactNode } from 'react';

/**
 * A list of resources as a table: named by a caption only assistive technology sees, one
 * column header per column and, when rows carry buttons, a last column announced as
 * "Actions" but blank on screen. The rows (`<tr>`) are the caller's.
 */
export function ResourceTable({ caption, columns, actions = false, children }: {
  caption: string;
  columns: string[];
  actions?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
            {actions && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
