import { ApiProblem } from './api-problem.ts';

/** The element with `id`, typed; a missing element is a bug in index.html, so it throws. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html has no element #${id}`);
  return element as T;
}

/** Shows `error` in an alert region: the API's detail and its stable code. */
export function showError(region: HTMLElement, error: unknown): void {
  region.textContent =
    error instanceof ApiProblem
      ? `${error.detail} (${error.code})`
      : error instanceof Error
        ? error.message
        : String(error);
  region.hidden = false;
}

export function clearError(region: HTMLElement): void {
  region.textContent = '';
  region.hidden = true;
}

/** A table row of text cells; `numeric` columns are right-aligned. */
export function row(
  cells: readonly (string | number)[],
  numeric: readonly number[] = [],
  tag = 'td',
): HTMLTableRowElement {
  const tr = document.createElement('tr');
  cells.forEach((value, index) => {
    const cell = document.createElement(tag);
    cell.textContent = String(value);
    if (numeric.includes(index)) cell.className = 'num';
    tr.append(cell);
  });
  return tr;
}

/** Disables `button` while `work` runs so one click sends one request. */
export async function busy<T>(button: HTMLButtonElement, work: () => Promise<T>): Promise<T> {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
