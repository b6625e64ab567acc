/**
 * A syntax error found while parsing one top-level item. Thrown (not an `Error`, so no stack trace is
 * captured) and caught by the top-level loop, which records a diagnostic and resynchronises.
 */
export class ParseFailure {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly message: string,
    /** Where parsing may resume (default: the line after `start`); the end of the text when nothing can be saved. */
    readonly resumeAt?: number,
  ) {}
}

/** Deeper than this, an expression or block is refused with a diagnostic (never a stack overflow). */
export const MAX_NESTING = 1000;

export const MESSAGE_PREFIX = 'HCL syntax error: ';

/** Further syntax errors of one file are summarised in one diagnostic (a file can hold a million). */
export const MAX_DIAGNOSTICS = 100;
