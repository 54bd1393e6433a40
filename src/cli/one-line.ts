// Text for one line of the terminal: a message that spans lines, folded.

/** Folds each line break, with the blanks around it, into one space, and trims the ends. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
