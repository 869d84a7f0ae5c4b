/** What commands share: where they print, and the error that means "you called me wrong". */
export interface CommandIo {
  stdout(text: string): void;
  /** stdout is a terminal: progress may redraw one line in place. */
  interactive?: boolean;
  /** The terminal's width, when it is one. */
  columns?: number | undefined;
}

/** A mistake in the command line: printed with a hint to run `weightcraft help`, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: weightcraft <command> [options]

Commands:
  new --layers 4,5,2 [--seed 0] [--activations relu,softmax] [-o model.json]
        A network of Dense layers made as the notebook's Layer_Dense after np.random.seed(seed).
  forward MODEL --input FILE [--numpy]
        Every layer's output for the inputs in FILE (a JSON array, or CSV rows), as JSON;
        --numpy prints each output as NumPy's print() does.
  validate MODEL
        Checks a model file; exit code 0 if valid, 1 with the reason if not.
  train MODEL --data DATA -o OUT [--epochs 3000] [--batch 0] [--lr 0.02]
        [--optimizer adam|sgd] [--decay 1e-5] [--momentum 0.9] [--seed 0] [--validation 0]
        [--label NAME|INDEX] [--normalize none|minmax|zscore]
        Trains the model in the engine worker and writes it to OUT, with the settings and the
        final loss and accuracy in its metadata (trained.*). The loss follows the last layer:
        softmax → cross-entropy, sigmoid → binary cross-entropy.
        DATA: a CSV file (numeric features; the label is the last column, or --label by header
        name or 0-based index) or a generated set NAME:CLASSESxPOINTS, NAME one of spiral,
        vertical, xor, circles (e.g. spiral:3x100, drawn with --seed). --batch 0 trains on all
        samples each step; --seed also seeds the shuffling and the --validation split (a share
        up to 0.5); --momentum is SGD's; --normalize scales features with statistics of the
        training rows, kept in OUT for evaluate.
        Progress: one redrawn line on a terminal, else a line every tenth of the epochs. If
        the loss or a weight stops being finite, nothing is written and the exit code is 1.
  evaluate MODEL DATA [--json]
        Loss, accuracy and confusion matrix (rows: true class, columns: predicted) of a
        classifier on DATA, and its most confident mistakes. DATA is read by its kind, which
        must be the model's: a folder of class subfolders (pictures, for a model that starts
        with an image input), or a CSV file or a generated set NAME:CLASSESxPOINTS (rows of
        features, for a model that starts with Input; read as for train, scaled as the model's
        training data was). --json prints the same keys for both kinds on one line:
        {"model", "data", "split", "splitRule", "samples", "right", "accuracy", "loss",
        "classes", "confusion", "skipped", "mistakes"}.
        Rows: [--label NAME|INDEX] (CSV) [--seed 0] (generated sets).
        Folders: [--split all|validation|train] the pictures train held out or trained on (the
        same file-name hash), [--validation SHARE] that split's share (default: the one the
        model was trained with), [--no-test-flip] each picture alone, not averaged with its
        mirror image. Loading pictures prints its progress (not with --json).
  predict MODEL INPUT... [--json] [--no-test-flip]
        The class and its probability for each input, one line each (--json: one object
        each, {"input", "class", "probability", "probabilities"}). A picture model takes
        picture files; a model of rows takes JSON or CSV files of rows (as forward's --input)
        and answers for each row. A file that is not a picture gets a line of its own and the
        exit code 1. --no-test-flip: each picture alone, not averaged with its mirror image.
  help  This text.
`;
