/** The natural logarithm used by the Gaussian draws (see random-state.ts). */
export const log = Math.log;
