/** What commands share: where they print, and the error that means "you called me wrong". */
export interface CommandIo {
  stdout(text: string): void;
  /** stdout is a terminal: progress may redraw one line in place. */
  interactive?: boolean;
  /** The terminal's width, when it is one. */
  columns?: number | undefined;
  /**
   * A warning: the command goes on and succeeds. The one way commands warn; `run` prints it
   * on stderr in one wording, `weightcraft: warning: …`, so it never mixes with results.
   */
  warn(text: string): void;
}

/** A mistake in the command line: printed with a hint to run `weightcraft help`, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: weightcraft <command> [options]

Commands:
  new --layers 4,5,2 [--seed 0] [--activations relu,softmax] [-o model.json]
        A network of Dense layers made as the notebook's Layer_Dense after np.random.seed(seed).
  forward MODEL --input FILE [--numpy] [--memory-limit SIZE]
        Every layer's output for the inputs in FILE (a JSON array, or CSV rows), as JSON;
        --numpy prints each output as NumPy's print() does.
  validate MODEL [--memory-limit SIZE]
        Checks a model file; exit code 0 if valid, 1 with the reason if not. Prints the memory
        and arithmetic of a forward pass of one sample and of a training step, and warns when
        either is over the memory limit.
  train MODEL --data DATA -o OUT [options]
        Trains any network on data of its kind with the one trainer and writes it to OUT
        with its training record (settings, curves, final figures, class names, scaling).
        DATA: a folder of class subfolders (pictures, for a model that starts with an image
        input), a CSV file (numeric features; the label is the last column, or --label by
        header name or 0-based index), or a generated set NAME:CLASSESxPOINTS, NAME one of
        spiral, vertical, xor, circles (e.g. spiral:3x100, drawn with --seed).
        Options, the same for both kinds (defaults: rows | pictures):
          --epochs N           3000 | 20
          --batch N            samples per step; 0 (all samples) | 64
          --optimizer NAME     sgd, adam (weight decay as L2) or adamw (decoupled weight
                               decay); adam | sgd
          --lr RATE            0.02 | 0.1 (sgd), 0.003 (adam, adamw); one-cycle's peak
          --schedule NAME      constant, inverse-time (lr / (1 + decay·step)) or one-cycle
                               (warm-up over 30% of the steps, then a cosine); inverse-time |
                               one-cycle
          --decay D            inverse-time's decay; 1e-5 | 0
          --momentum M         sgd's; 0.9 (Nesterov on pictures)
          --weight-decay W     on weights, not biases; 0 | 5e-4
          --smoothing E        cross-entropy's label smoothing; 0 | 0.1
          --loss NAME          categorical-crossentropy, binary-crossentropy or mse; the one
                               the last layer asks for (softmax: cross-entropy, sigmoid:
                               binary cross-entropy)
          --precision P        float64 or float32; the network's own (float64 | float32)
          --seed N             seeds shuffling, the rows' validation split, augmentation; 0
          --validation SHARE   held out, up to 0.5; 0 | 0.1. Rows by a shuffle seeded with
                               --seed; pictures by a hash of the file names (always the same)
          --workers N          worker threads sharing each batch (0: this thread); 0 | 2
          --pad N              pictures only: random shifts of up to N pixels (with
                               left-right flips); 4
          --label NAME|INDEX   CSV files only: the label column
          --memory-limit SIZE  refuse a step and data set over SIZE (Memory, below)
          --labels=L0,L1,...   CSV files only: the label of class 0, 1, ... (--labels=-1,0,1:
                               label -1 is class 0); the labels in sorted order otherwise
          --normalize KIND     rows only: none, minmax or zscore, with statistics of the
                               training rows, kept in OUT for evaluate and predict
        Progress: an epoch line every tenth of the epochs (loss and accuracy as trained on,
        validation figures, speed, time) and, on a terminal, a redrawn line between. OUT is
        written after every epoch (at most once a second), so a stopped run keeps its last
        epoch. If the loss or a weight stops being finite, the exit code is 1 and the
        message says what OUT holds.
  evaluate MODEL DATA [--json] [--memory-limit SIZE]
        Loss, accuracy and confusion matrix (rows: true class, columns: predicted) of a
        classifier on DATA, and its most confident mistakes. DATA is read by its kind, which
        must be the model's: a folder of class subfolders (pictures, for a model that starts
        with an image input), or a CSV file or a generated set NAME:CLASSESxPOINTS (rows of
        features, for a model that starts with Input; read as for train, scaled as the model's
        training data was). --json prints the same keys for both kinds on one line:
        {"model", "data", "split", "splitRule", "samples", "right", "accuracy", "loss",
        "classes", "confusion", "skipped", "mistakes"}.
        Rows: [--label NAME|INDEX] (CSV) [--seed 0] (generated sets). Labels map by the class
        names train stored in the model; a model without them takes labels 0 to k-1, or
        [--labels=L0,L1,...] the file's label of class 0, 1, ... (--labels=-1,0,1).
        Folders: [--split all|validation|train] the pictures train held out or trained on (the
        same file-name hash), [--validation SHARE] that split's share (default: the one the
        model was trained with), [--no-test-flip] each picture alone, not averaged with its
        mirror image. Loading pictures prints its progress (not with --json).
  predict MODEL INPUT... [--json] [--no-test-flip] [--memory-limit SIZE]
        The class and its probability for each input, one line each (--json: one object
        each, {"input", "class", "probability", "probabilities"}). A picture model takes
        picture files; a model of rows takes JSON or CSV files of rows (as forward's --input)
        and answers for each row. A file that is not a picture gets a line of its own and the
        exit code 1. --no-test-flip: each picture alone, not averaged with its mirror image.
  help  This text.

Memory: forward, predict, evaluate and train work out, from the model's shapes alone, the
memory a pass needs (each layer's output at the batch, training's gradients and optimizer
state, the kernels' working memory, the data set) and refuse with exit code 1, naming the
layer, its shape and the bytes, before they compute anything over the limit.
  --memory-limit SIZE  e.g. 2GB, 512MB (powers of 1000), 6GiB, 512MiB or 6G (powers of 1024);
                       default: half of this machine's memory

Exit codes:
  0    done
  1    bad input or a failure: the message names the file and the reason
  2    a wrong command line: an unknown command or option, a missing or malformed value
  130  interrupted (Ctrl-C or SIGTERM); train first finishes its step and writes OUT
`;
