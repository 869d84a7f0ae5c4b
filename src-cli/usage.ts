/** What commands share: where they print, and the error that means "you called me wrong". */
export interface CommandIo {
  stdout(text: string): void;
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
  help  This text.
`;
