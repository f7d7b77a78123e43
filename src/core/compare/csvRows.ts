// The rows of a CSV file as Python's csv module writes them (RFC 4180): fields separated by
// commas, a field holding a comma, a quote or a line break in double quotes with quotes doubled.
// msaccucmp's StandardDeviation cells, `(mean;std),(mean;std)`, arrive quoted this way.

export interface CsvRow {
  /** 1-based line of the row's first character, for messages naming the place. */
  line: number;
  cells: string[];
}

/** The rows of `text`, blank lines left out; `unclosedQuoteAt` is set when a quoted field never ends. */
export function csvRows(text: string): { rows: CsvRow[]; unclosedQuoteAt?: number } {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let touched = false;
  const endRow = () => {
    if (touched || cells.length > 0) rows.push({ line: rowLine, cells: [...cells, cell] });
    cells = [];
    cell = '';
    touched = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cell.trim() === '') {
      quoted = true;
      quoteLine = line;
      cell = '';
      touched = true;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
      touched = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      cell += c;
      touched = true;
    }
  }
  if (quoted) return { rows, unclosedQuoteAt: quoteLine };
  endRow();
  return { rows };
}
