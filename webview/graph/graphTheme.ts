// The graph's colours and font, read from VS Code's theme variables (never written here), so the
// canvas follows light, dark and high-contrast themes as the rest of the page does. A variable a
// theme leaves out falls back to the next one named, ending at the editor's own colours.

export interface GraphTheme {
  background: string;
  box: string;
  border: string;
  type: string;
  name: string;
  edge: string;
  shape: string;
  selection: string;
  /** Range selection: the nodes between, the starts, the ends (three colours told apart in every theme kind). */
  rangeInside: string;
  rangeStart: string;
  rangeEnd: string;
  fontFamily: string;
}

const CHAINS: Record<Exclude<keyof GraphTheme, 'fontFamily'>, string[]> = {
  background: ['--vscode-editor-background'],
  // A code block's shade: a step off the background in light and dark themes alike.
  box: ['--vscode-textCodeBlock-background', '--vscode-editorWidget-background', '--vscode-editor-background'],
  // High contrast draws every outline in contrastBorder. Not the widget borders elsewhere: made for
  // panels, they nearly vanish in dark themes (#313131 on #1f1f1f), too faint for a graph's boxes.
  border: ['--vscode-contrastBorder', '--vscode-descriptionForeground', '--vscode-foreground'],
  type: ['--vscode-editor-foreground', '--vscode-foreground'],
  name: ['--vscode-descriptionForeground', '--vscode-foreground'],
  edge: ['--vscode-contrastBorder', '--vscode-descriptionForeground', '--vscode-foreground'],
  // The SVG's shape colour is the light theme's link blue.
  shape: ['--vscode-textLink-foreground', '--vscode-charts-blue', '--vscode-foreground'],
  selection: ['--vscode-focusBorder', '--vscode-textLink-foreground', '--vscode-foreground'],
  // The chart colours every theme defines (high contrast included): blue between, as MindStudio
  // draws it, green where the range begins and orange where it stops.
  rangeInside: ['--vscode-charts-blue', '--vscode-textLink-foreground', '--vscode-foreground'],
  rangeStart: ['--vscode-charts-green', '--vscode-testing-iconPassed', '--vscode-terminal-ansiGreen', '--vscode-foreground'],
  rangeEnd: ['--vscode-charts-orange', '--vscode-editorWarning-foreground', '--vscode-terminal-ansiYellow', '--vscode-foreground'],
};

export function readGraphTheme(root: Element = document.documentElement): GraphTheme {
  const style = getComputedStyle(root);
  const pick = (names: string[]) => {
    for (const n of names) {
      const v = style.getPropertyValue(n).trim();
      if (v) return v;
    }
    return '';
  };
  const theme = { fontFamily: pick(['--vscode-editor-font-family']) || 'monospace' } as GraphTheme;
  for (const [key, chain] of Object.entries(CHAINS)) theme[key as keyof typeof CHAINS] = pick(chain);
  return theme;
}

/** Calls back when VS Code switches theme: it rewrites the variables on <html> and the class of <body>. */
export function onThemeChange(callback: () => void): () => void {
  const observer = new MutationObserver(callback);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}
