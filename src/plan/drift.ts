/**
 * Drift: an article edited in Halo since halo-kb last wrote it. The manifest keeps Halo's
 * `date_edited` as it was after halo-kb's last write; a later one in Halo means someone (an agent,
 * a workflow) changed the article there. Halo's date format is not documented: both sides are read
 * with `Date.parse`, so a date without a zone is read the same way on both sides, and a date that
 * does not parse is never taken for an edit.
 */
export function editedInHalo(recorded: string | undefined, inHalo: string | undefined): boolean {
  return recorded !== undefined && inHalo !== undefined && Date.parse(inHalo) > Date.parse(recorded);
}
