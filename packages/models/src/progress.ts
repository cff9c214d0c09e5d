/** Receives byte counts while a file is fetched or extracted. */
export type ProgressListener = (doneBytes: number, totalBytes: number | null) => void;

const BAR_WIDTH = 30;
const REDRAW_INTERVAL_MS = 200;

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** Renders one line `label [#####-----] 42% 12.3 MB / 29.0 MB` to a TTY, or a line every 10 % otherwise. */
export function progressBar(label: string, out: NodeJS.WriteStream = process.stderr): { update: ProgressListener; finish: () => void } {
  let lastDraw = 0;
  let lastDecile = -1;
  let lastLine = '';
  const render = (done: number, total: number | null): string => {
    if (total === null || total <= 0) return `${label} ${megabytes(done)}`;
    const fraction = Math.min(1, done / total);
    const filled = Math.round(fraction * BAR_WIDTH);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${Math.floor(fraction * 100)}% ${megabytes(done)} / ${megabytes(total)}`;
  };
  return {
    update(done, total) {
      lastLine = render(done, total);
      if (out.isTTY) {
        const now = Date.now();
        if (now - lastDraw < REDRAW_INTERVAL_MS) return;
        lastDraw = now;
        out.write(`\r${lastLine}`);
        return;
      }
      const decile = total ? Math.floor((done / total) * 10) : -1;
      if (decile > lastDecile) {
        lastDecile = decile;
        out.write(`${lastLine}\n`);
      }
    },
    finish() {
      if (out.isTTY && lastLine) out.write(`\r${lastLine}\n`);
    },
  };
}
