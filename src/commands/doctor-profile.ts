/**
 * The Halo profile as `halo-kb doctor` shows it: what is recorded about this Halo, which findings
 * change what publishing does (the attachment mode) and which are for information.
 */
import type { AttachmentModeSetting } from '../config/schema.js';
import type { HaloProfile, ProbeFindings, ReplyForm } from '../halo/profile.js';
import type { AttachmentMode } from '../halo/types.js';

export function describeMode(mode: AttachmentMode): string {
  return mode === 'inline' ? 'inline in the article write' : 'through POST /api/Attachment';
}

function reply(form: ReplyForm): string {
  return form === 'empty' ? 'an empty body' : form === 'other' ? 'something other than JSON' : `a JSON ${form}`;
}

const LINKING: Record<ProbeFindings['attachmentLinking'], string> = {
  both: 'linked either way (POST /api/Attachment is used)',
  'attachment-endpoint': 'linked only through POST /api/Attachment (a file inline in the article write is dropped)',
  inline: 'linked only inline in the article write (a file sent to POST /api/Attachment links to nothing)',
  neither: 'linked neither way: halo-kb cannot attach files to articles on this Halo',
};

const BODY: Record<ProbeFindings['bodyField'], string> = {
  both: 'kept unchanged in description_html and description',
  description_html: 'kept unchanged in description_html (description differs)',
  description: 'kept unchanged in description (description_html differs)',
  neither: 'changed by Halo: every plan may show such articles as edited; run halo-kb plan and compare',
};

const MARKER: Record<ProbeFindings['keyMarker'], string> = {
  attribute: 'kept (the data attribute and the text)',
  text: 'only the visible "halo-kb key:" text is kept; that is enough to find articles again',
  lost: 'removed by Halo: articles cannot be adopted after a lost manifest; keep state/manifest.json in git',
};

const INACTIVE: Record<ProbeFindings['inactiveListing'], string> = {
  listed: 'listed like the others',
  'only-with-includeinactive': 'listed only with includeinactive=true (halo-kb always asks for them)',
  'not-listed': 'not listed even with includeinactive=true: retired articles are found through the state manifest only',
};

/** Lines for the profile recorded for this Halo (or that nothing is), under a heading. */
export function profileLines(profile: HaloProfile | undefined, setting: AttachmentModeSetting, stateFile: string): string[] {
  const lines = [`Halo profile (${stateFile}):`];
  const recorded = profile?.attachmentMode;
  if (recorded === undefined) {
    lines.push('  attachments        not known yet: the first publish finds out how this Halo links files (or run halo-kb doctor --probe)');
  } else {
    const how = recorded.by === 'probe' ? 'measured by doctor --probe' : 'found by the first upload of a publish';
    lines.push(`  attachments        linked ${describeMode(recorded.mode)} (${how}, ${recorded.at}); publish uses this`);
  }
  if (setting !== 'auto') lines.push(`                     halo.attachment_mode is ${setting} in the settings: publish uses that instead`);
  const found = profile?.probe;
  if (found === undefined) {
    lines.push('  (halo-kb doctor --probe measures more: reply shapes, the article body, the key marker, deletes, inactive listings)');
    return lines;
  }
  lines.push(
    `  measured on ${found.at} by doctor --probe; for information, halo-kb copes with each answer:`,
    `  linking files       ${LINKING[found.attachmentLinking]}`,
    `  create reply        ${reply(found.articleSaveReply)}`,
    ...(found.attachmentSaveReply === undefined ? [] : [`  two-file upload     ${reply(found.attachmentSaveReply)}`]),
    `  article body        ${BODY[found.bodyField]}`,
    `  key marker          ${MARKER[found.keyMarker]}`,
    `  article delete      ${found.articleDelete === 'refused' ? 'refused: retired articles are taken out of their FAQ lists and marked inactive' : 'allowed: retired articles are deleted'}`,
    `  inactive articles   ${INACTIVE[found.inactiveListing]}`,
  );
  return lines;
}
