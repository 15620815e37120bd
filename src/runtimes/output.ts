// What a runtime prints, cut into lines as Lambda sends them to CloudWatch Logs. A line is at most
// 256 KB (CloudWatch's limit for one event; longer output without a newline is split there), and
// one invocation keeps at most 8 MB of lines, so a function printing without end costs the
// platform bounded memory.
export const MAX_LINE_CHARS = 256 * 1024;
const MAX_CAPTURED_CHARS = 8 * 1024 * 1024;

/** Feeds chunks of a stream; calls `onLine` for each complete line, and for each 256 KB piece. */
export function lineSplitter(onLine: (line: string) => void): (chunk: string) => void {
  let partial = '';
  return (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) emit(line);
    while (partial.length >= MAX_LINE_CHARS) {
      onLine(partial.slice(0, MAX_LINE_CHARS));
      partial = partial.slice(MAX_LINE_CHARS);
    }
  };
  function emit(line: string): void {
    for (let start = 0; start < line.length; start += MAX_LINE_CHARS) {
      onLine(line.slice(start, start + MAX_LINE_CHARS));
    }
    if (line.length === 0) onLine(line);
  }
}

/** The lines of one invocation, up to the budget; a note says when some were dropped. */
export class CapturedOutput {
  readonly lines: string[] = [];
  private chars = 0;
  private full = false;

  add(line: string): void {
    if (this.full) return;
    if (this.chars + line.length > MAX_CAPTURED_CHARS) {
      this.full = true;
      this.lines.push(
        '[nubis] the function printed more than 8 MB in this invocation: the rest is not logged',
      );
      return;
    }
    this.chars += line.length;
    this.lines.push(line);
  }
}
