import * as fs from 'node:fs';
import type { Candidate } from '../discover/discover';

/** The text of a file for a quick look, without reporting anything (the scan reads it again, and reports). */
export function peek(c: Candidate): string {
  try {
    return fs.readFileSync(c.path, 'utf8');
  } catch {
    return '';
  }
}
