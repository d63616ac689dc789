/**
 * Terminal progress for one-shot commands: a bar on an interactive terminal,
 * plain `[2/5] stage` lines when the output is piped or logged (CI, files),
 * where a redrawn bar would leave control characters behind.
 */
import { SingleBar } from "cli-progress";

export type Progress = {
  /** Enter the next stage (`rendering pdf`); the bar advances one step. */
  step(stage: string): void;
  /** Finish successfully with a summary line. */
  done(summary: string): void;
  /** Stop drawing (on failure) so the error message starts on a clean line. */
  stop(): void;
};

export type ProgressOptions = {
  stream: NodeJS.WriteStream;
  total: number;
  /** Force the plain line mode (default: bar only when `stream.isTTY`). */
  plain?: boolean;
};

/** Build the progress reporter that suits `stream`. */
export function createProgress(options: ProgressOptions): Progress {
  const interactive = !options.plain && options.stream.isTTY === true;
  return interactive ? barProgress(options) : lineProgress(options);
}

function lineProgress({ stream, total }: ProgressOptions): Progress {
  let current = 0;
  return {
    step(stage) {
      current = Math.min(current + 1, total);
      stream.write(`[${current}/${total}] ${stage}\n`);
    },
    done(summary) {
      stream.write(`${summary}\n`);
    },
    stop() {},
  };
}

function barProgress({ stream, total }: ProgressOptions): Progress {
  const bar = new SingleBar({
    stream,
    format: "{bar} {value}/{total} {stage}",
    barCompleteChar: "█",
    barIncompleteChar: "░",
    barsize: 24,
    hideCursor: true,
    clearOnComplete: false,
  });
  let started = false;
  let current = 0;
  const stop = () => {
    if (started) bar.stop();
    started = false;
  };
  return {
    step(stage) {
      if (!started) {
        bar.start(total, 0, { stage });
        started = true;
      }
      // The bar shows finished steps; the label names the one under way. Stages are few
      // and seconds apart, so draw each at once rather than on the bar's frame timer.
      bar.update(current, { stage });
      bar.render();
      current = Math.min(current + 1, total);
    },
    done(summary) {
      if (started) bar.update(total, { stage: "done" });
      stop();
      stream.write(`${summary}\n`);
    },
    stop,
  };
}
