// POSIX shell quoting: every word that reaches a shell (a file name, a user's tool argument, a
// net name) goes through here, so nothing user-controlled is ever read as shell syntax.

/** `word` as one POSIX shell word: bare when it holds only safe characters, else single-quoted. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  // Inside single quotes nothing is special but the quote itself, which is closed, escaped, reopened.
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Each word quoted, joined by spaces: a command line the shell splits back into exactly `words`. */
export function shellLine(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
