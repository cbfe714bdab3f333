// Local compatibility guard (beside the registry's own check): every committed event schema must
// be able to read every event written with the previous committed version of the same file
// (BACKWARD; with the registry's BACKWARD_TRANSITIVE the chain of versions covers the rest).
// Uses git to find the previous version: `git log -n1 --format=%H -- <file>`, `git show <sha>:<file>`.
import { execFileSync } from 'node:child_process';
import { Type } from 'avsc';

export type PreviousVersion =
  | { status: 'found'; sha: string; text: string }
  | { status: 'none' } // never committed: nothing to be compatible with
  | { status: 'unavailable'; reason: string }; // no git, not a repository, or history missing

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The last committed text of `file` (a path relative to the repository root). */
export function previousCommittedVersion(repoRoot: string, file: string): PreviousVersion {
  let sha: string;
  try {
    git(repoRoot, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  } catch {
    // Not a repository, git missing, or no commit yet.
    try {
      git(repoRoot, ['rev-parse', '--git-dir']);
      return { status: 'none' }; // a repository without commits: nothing committed yet
    } catch (error) {
      return { status: 'unavailable', reason: `git: ${(error as Error).message.split('\n')[0]}` };
    }
  }
  try {
    sha = git(repoRoot, ['log', '-n1', '--format=%H', '--', file]).trim();
  } catch (error) {
    return { status: 'unavailable', reason: `git log: ${(error as Error).message.split('\n')[0]}` };
  }
  if (!sha) {
    // In a shallow clone a file may predate the history we have; the boundary commit then lists it.
    const shallow = git(repoRoot, ['rev-parse', '--is-shallow-repository']).trim() === 'true';
    return shallow
      ? { status: 'unavailable', reason: 'shallow clone without the commit of this file' }
      : { status: 'none' };
  }
  try {
    return { status: 'found', sha, text: git(repoRoot, ['show', `${sha}:${file}`]) };
  } catch {
    // The last commit touching the file deleted it: the file is new again.
    return { status: 'none' };
  }
}

/** Schema files tracked by git under `dir` (relative paths), including ones deleted from disk. */
export function trackedFiles(repoRoot: string, dir: string): string[] | undefined {
  try {
    return git(repoRoot, ['ls-files', '--', dir])
      .split('\n')
      .filter((f) => f.endsWith('.avsc'));
  } catch {
    return undefined;
  }
}

/**
 * Undefined when a reader with `newer` can read data written with `older` (avsc schema resolution,
 * without logical types: only the wire shape counts); else the reason.
 */
export function incompatibility(newer: object, older: object): string | undefined {
  try {
    Type.forSchema(newer as never).createResolver(Type.forSchema(older as never));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
