/**
 * Every error code halo-kb throws, in one place: what it means, the exit code it ends the run with,
 * and what to do about it (the hint; a function of the error's data where the hint names some).
 * `HaloKbError` takes only these codes, so a code missing here is a type error, and gives the
 * catalogue's exit code and hint unless the throw site passes ones for its own situation. Content
 * problems are not here: they are diagnostics with rule ids (diagnostics.ts), reported per article.
 */
import { ExitCode, type ExitCodeValue } from './exit-code.js';

export interface CatalogueEntry {
  /** One line: what went wrong. */
  title: string;
  exitCode: ExitCodeValue;
  /** What to do; a function of the error's data where the advice names some. */
  hint: string | ((...data: never[]) => string);
}

const UNREADABLE_REPLY =
  'halo-kb never plans or publishes from a partial picture of Halo, so it stopped after trying again. Damaged replies come from an overloaded Halo or a proxy between you and Halo: run the command again, and if it keeps happening, check what answers at HALO_URL.';

const CREDENTIALS =
  'Check HALO_CLIENT_ID and HALO_CLIENT_SECRET against the API application in Halo (Configuration > Integrations > HaloPSA API > View Applications; authentication method "Client ID and Secret (Services)"), and HALO_TENANT for a Halo-hosted instance.';

const RUN_PUBLISH_AGAIN = 'Run publish again: it looks for the files in Halo before uploading them, so none is stored twice.';

export const ERRORS = {
  // halo-kb.yml
  CONFIG_UNREADABLE: { title: 'halo-kb.yml cannot be read', exitCode: ExitCode.config, hint: 'Check that halo-kb.yml is a file you may read.' },
  CONFIG_ENCODING: { title: 'halo-kb.yml is not UTF-8 text', exitCode: ExitCode.config, hint: 'Save halo-kb.yml as UTF-8.' },
  CONFIG_NOT_FOUND: {
    title: 'The config file given with --config does not exist',
    exitCode: ExitCode.config,
    hint: 'Create it (halo-kb init writes one with every option documented) or leave out --config to use halo-kb.yml in the project root.',
  },
  CONFIG_SYNTAX: { title: 'halo-kb.yml is not valid YAML', exitCode: ExitCode.config, hint: 'Fix the YAML syntax at the line shown; every key is optional, so an empty file is valid too.' },
  CONFIG_SHAPE: { title: 'halo-kb.yml is not a mapping of settings', exitCode: ExitCode.config, hint: 'Write settings as "key: value" lines, e.g. "content: docs".' },
  CONFIG_INVALID: { title: 'halo-kb.yml has invalid settings', exitCode: ExitCode.config, hint: 'Fix the settings shown, or remove them to use the defaults.' },
  CONFIG_STRICT: { title: 'halo-kb.yml has warnings, and --strict counts them as errors', exitCode: ExitCode.config, hint: 'Fix the settings shown, or run without --strict.' },
  SCOPE_UNKNOWN_COMPANY: {
    title: 'scope.companies names a company with no folder',
    exitCode: ExitCode.config,
    hint: (known: readonly string[]): string => `The company folders are: ${[...known].sort().join(', ') || 'none'}. Write folder names, or "all".`,
  },

  // The content tree and the command line's paths
  CONTENT_NOT_FOUND: {
    title: 'The content folder does not exist',
    exitCode: ExitCode.config,
    hint: 'Run halo-kb in your docs repository, pass --content DIR, or set "content:" in halo-kb.yml. halo-kb init creates a starting tree.',
  },
  PATH_OUTSIDE_CONTENT: {
    title: 'A path given is not inside the content folder',
    exitCode: ExitCode.usage,
    hint: (contentFolder: string): string => `Give folders or files of the content tree, e.g. ${contentFolder === '' ? '' : `${contentFolder}/`}central/network.`,
  },
  PATH_NO_ARTICLES: {
    title: 'No article lies at or under a path given',
    exitCode: ExitCode.usage,
    hint: 'Check the path (it is relative to the working directory), or leave paths out to act on the whole tree.',
  },

  // Templates, the build and its cache
  TEMPLATE_ENCODING: { title: 'A template is not UTF-8 text', exitCode: ExitCode.failure, hint: 'Save the template as UTF-8.' },
  TEMPLATE_UNREADABLE: { title: 'A template cannot be read', exitCode: ExitCode.failure, hint: 'Check that the template is a file you may read, or remove it to use the built-in one.' },
  TEMPLATE_MISSING: {
    title: 'A built-in template is missing from the installation',
    exitCode: ExitCode.failure,
    hint: 'Reinstall halo-kb, or put your own templates/article.html and templates/pdf.html in the project.',
  },
  TEMPLATE_BODY_IN_ATTRIBUTE: {
    title: 'A template puts {{{body}}} inside an attribute or a tag',
    exitCode: ExitCode.failure,
    hint: 'Put {{{body}}} between tags, where the article text belongs, e.g. <div class="article">{{{body}}}</div>.',
  },
  TEMPLATE_NO_BODY: { title: 'The article template has no {{{body}}} placeholder', exitCode: ExitCode.failure, hint: 'Add {{{body}}} where the article text belongs.' },
  OUTPUT_NOT_WRITTEN: {
    title: 'The build output could not be written',
    exitCode: ExitCode.failure,
    hint: (outDir: string): string => `Check that ${outDir} is a folder you can write to, with nothing in the way of index.json or articles/, or pass --out DIR.`,
  },

  // The state manifest and saved plans
  STATE_UNREADABLE: {
    title: 'The state manifest cannot be read',
    exitCode: ExitCode.failure,
    hint: 'Check that the state manifest is a file you may read, or run "halo-kb state rebuild" to rebuild it from Halo.',
  },
  STATE_INVALID: { title: 'The state manifest is damaged', exitCode: ExitCode.failure, hint: 'Restore it from git, or run "halo-kb state rebuild" to rebuild it from Halo.' },
  STATE_VERSION: { title: 'The state manifest was written by another halo-kb version', exitCode: ExitCode.failure, hint: 'Use the halo-kb version that wrote it, or run "halo-kb state rebuild".' },
  STATE_OTHER_HALO: {
    title: 'The state manifest was written for another Halo',
    exitCode: ExitCode.config,
    hint: 'If HALO_URL is wrong, fix it. If this is the Halo to publish to from now on, run "halo-kb state rebuild" against it first: it makes the manifest from what that Halo holds, so nothing is created twice.',
  },
  PLAN_UNREADABLE: { title: 'The saved plan cannot be read', exitCode: ExitCode.failure, hint: 'Save a plan with "halo-kb plan --out plan.json" and pass that file.' },
  PLAN_STALE: {
    title: 'The saved plan no longer matches the content, the manifest or the scope',
    exitCode: ExitCode.failure,
    hint: 'Make a new plan (halo-kb plan --out FILE) and review it, or run halo-kb publish without --plan.',
  },

  // Reaching Halo and logging in
  HALO_URL_MISSING: {
    title: 'No Halo URL is set',
    exitCode: ExitCode.config,
    hint: 'Set HALO_URL (or halo.url in halo-kb.yml) to your Halo address, e.g. https://example.halopsa.com; `halo-kb emulator` prints one to try.',
  },
  HALO_URL_INVALID: {
    title: 'A Halo address cannot be used',
    exitCode: ExitCode.config,
    hint: (setting: string): string => `Set ${setting} to your Halo address, e.g. https://example.halopsa.com (with or without /api).`,
  },
  HALO_CREDENTIALS_MISSING: {
    title: 'No Halo client id or client secret is set',
    exitCode: ExitCode.config,
    hint: "Set HALO_CLIENT_ID and HALO_CLIENT_SECRET to the API application's credentials (Configuration > Integrations > HaloPSA API > View Applications).",
  },
  HALO_DNS: { title: 'The Halo host name cannot be resolved', exitCode: ExitCode.config, hint: 'Check HALO_URL for typos; it is your Halo address, e.g. https://example.halopsa.com.' },
  HALO_CONNECTION_REFUSED: {
    title: 'Nothing accepted the connection to Halo',
    exitCode: ExitCode.config,
    hint: 'Check HALO_URL (host and port), and that Halo, or `halo-kb emulator`, is running there.',
  },
  HALO_TLS: {
    title: 'The TLS connection to Halo failed',
    exitCode: ExitCode.config,
    hint: 'Check that HALO_URL uses the right scheme and host. For a certificate signed by your own CA, point NODE_EXTRA_CA_CERTS at the CA file.',
  },
  HALO_NO_ANSWER: {
    title: 'Halo did not answer while connecting and logging in',
    exitCode: ExitCode.config,
    hint: (total: string): string =>
      `Check HALO_URL, and that Halo (or halo-kb emulator) is running and reachable from here: a firewall, VPN or proxy can hold requests without refusing them. halo.connect_timeout_seconds sets how long halo-kb waits while connecting (now ${total}).`,
  },
  HALO_TIMEOUT: {
    title: 'Halo did not answer a request in time',
    exitCode: ExitCode.failure,
    hint: 'Timeouts against Halo are usually transient: run the command again. If it keeps happening, raise halo.timeout_seconds.',
  },
  HALO_CONNECTION_LOST: {
    title: 'The connection to Halo was lost during a request',
    exitCode: ExitCode.failure,
    hint: 'Dropped connections are usually transient: run the command again. A proxy or firewall between you and Halo can also cut connections.',
  },
  HALO_NOT_API: {
    title: "HALO_URL does not reach Halo's API",
    exitCode: ExitCode.config,
    hint: 'HALO_URL is your Halo address, e.g. https://example.halopsa.com (halo-kb adds /api and /auth). Something else answered there: a sign-in page, a portal or a proxy. Point HALO_URL at Halo itself, or let the proxy pass requests to /api and /auth through.',
  },
  HALO_NOT_AUTH: {
    title: "The auth server does not look like Halo's",
    exitCode: ExitCode.config,
    hint: "Set HALO_AUTH_URL to Halo's auth server (usually your Halo address followed by /auth; for Halo-hosted instances see Configuration > Integrations > Halo API > API Details).",
  },
  HALO_INVALID_CLIENT: { title: 'Halo rejected the client credentials', exitCode: ExitCode.config, hint: CREDENTIALS },
  HALO_INVALID_SCOPE: {
    title: 'Halo refused to grant the scopes asked for',
    exitCode: ExitCode.config,
    hint: 'Give the API application the permissions read:kb and edit:kb (and read:customers when company folders are mapped to Halo customers).',
  },
  HALO_TOKEN_URL: {
    title: 'Halo has no token endpoint where it was looked for',
    exitCode: ExitCode.config,
    hint: 'Set HALO_AUTH_URL to your auth server (e.g. https://example.halopsa.com/auth); Halo-hosted instances also need HALO_TENANT.',
  },
  HALO_AUTH_FAILED: { title: 'Logging in to Halo failed', exitCode: ExitCode.config, hint: CREDENTIALS },

  // Halo's answers
  HALO_BAD_REPLY: { title: 'A reply from Halo cannot be used', exitCode: ExitCode.config, hint: UNREADABLE_REPLY },
  HALO_INCOMPLETE_LIST: { title: 'Halo kept answering a listing incompletely', exitCode: ExitCode.config, hint: UNREADABLE_REPLY },
  HALO_UNAUTHORIZED: {
    title: 'Halo refused a request even with a fresh token',
    exitCode: ExitCode.failure,
    hint: 'The agent the API application logs in as may lack permission for this part of Halo. Check the permissions of the API application and the role of the agent it logs in as.',
  },
  HALO_FORBIDDEN: {
    title: 'Halo refused a request (403)',
    exitCode: ExitCode.failure,
    hint: 'Check the permissions of the API application and the role of the agent it logs in as.',
  },
  HALO_RATE_LIMITED: {
    title: 'Halo kept answering 429 Too Many Requests',
    exitCode: ExitCode.failure,
    hint: 'Another integration may be using the same API limit (hosted Halo allows 300 requests per rolling 5 minutes). Lower halo.requests_per_window, or run again later.',
  },
  HALO_NOT_FOUND: {
    title: 'Halo could not find a record',
    exitCode: ExitCode.failure,
    hint: 'The record may have been deleted in Halo; otherwise check that HALO_URL points at your Halo instance.',
  },
  HALO_SERVER_ERROR: {
    title: 'Halo failed with a server error',
    exitCode: ExitCode.failure,
    hint: 'Server errors at Halo are often transient: run the command again. If it persists, check the Halo instance.',
  },
  HALO_REQUEST_REJECTED: {
    title: 'Halo rejected a request',
    exitCode: ExitCode.failure,
    hint: 'Check the values sent; this may also be a halo-kb bug worth reporting with HALO_KB_DEBUG=1.',
  },
  HALO_ARTICLE_REJECTED: {
    title: 'Halo rejected an article write (400)',
    exitCode: ExitCode.failure,
    hint: 'Usually the article\'s FAQ list sits under a parent that is not set for grouping: in Halo, open the parent FAQ list and tick "Use this FAQ list for grouping other FAQ lists", and make each child name it as its FAQ Group. Also check "Allow Articles to be added to FAQ Lists" under Configuration > Knowledge Base.',
  },
  HALO_ARTICLE_SERVER_ERROR: {
    title: 'Halo failed an article write (500)',
    exitCode: ExitCode.failure,
    hint: 'With correct permissions this is Halo\'s "AI duplicate detection when creating Articles based on the AI generated summary": turn it off in Halo\'s knowledge-base configuration, then publish again.',
  },
  HALO_ARTICLE_TOO_LARGE: {
    title: 'An article write was too large for Halo (413)',
    exitCode: ExitCode.failure,
    hint: 'Halo limits the size of one request. halo-kb validate names every article over publish.max_article_kb (default 4096 KiB); lower it, and halo.batch_max_kb (one request of several articles), to what your Halo accepts, then split the articles it names.',
  },
  HALO_CREATE_UNCONFIRMED: {
    title: 'Halo accepted new records but they could not be found afterwards',
    exitCode: ExitCode.failure,
    hint: 'Run publish again: halo-kb finds its articles by the key marker in their HTML, so nothing is created twice.',
  },
  FAQ_PARENT_MISSING: {
    title: 'A FAQ list cannot be placed: its parent list has no Halo id',
    exitCode: ExitCode.failure,
    hint: 'Run publish again: the parent FAQ list is created or found before the lists under it.',
  },
  FAQ_SAVE_INCOMPLETE: { title: 'Halo did not confirm a FAQ list', exitCode: ExitCode.failure, hint: 'Run publish again; halo-kb finds its FAQ lists by their third_party_id and name.' },

  // Attachments
  HALO_UPLOAD_FAILED: { title: 'An attachment upload failed', exitCode: ExitCode.failure, hint: RUN_PUBLISH_AGAIN },
  HALO_UPLOAD_UNCONFIRMED: { title: 'Whether Halo stored an attachment is unknown', exitCode: ExitCode.failure, hint: RUN_PUBLISH_AGAIN },
  HALO_ATTACHMENT_TOO_LARGE: {
    title: "An attachment is over Halo's size limit",
    exitCode: ExitCode.failure,
    hint: 'Make the file smaller, or link to it instead (attachments.public_base_url).',
  },
  HALO_ATTACHMENT_REJECTED: {
    title: 'Halo refused an attachment',
    exitCode: ExitCode.failure,
    hint: "Files over Halo's attachment size limit (25 MB unless your instance changed it) cannot be uploaded; link to them instead (attachments.public_base_url).",
  },
  HALO_ATTACHMENT_NOT_LINKED: {
    title: 'Halo accepted an attachment, but the article does not list it',
    exitCode: ExitCode.failure,
    hint: 'This Halo links files to KB articles in a way halo-kb does not know: run `halo-kb doctor --probe` to see what it does, and report it.',
  },

  // doctor --probe
  PROBE_FAILED: { title: 'The probe stopped', exitCode: ExitCode.failure, hint: 'Fix what the message names and run halo-kb doctor --probe again; nothing was recorded.' },
  PROBE_REFUSED: {
    title: 'Halo refused a probe request',
    exitCode: ExitCode.failure,
    hint: 'Give the API application edit:kb and its agent "Knowledge Base Access: Read, Modify, Delete" and "Can create FAQ lists: Yes" (see halo-kb doctor), then probe again.',
  },

  // feedback
  FEEDBACK_NOTHING_PUBLISHED: {
    title: 'The feedback report has no published article to read',
    exitCode: ExitCode.config,
    hint: 'Publish first ("halo-kb publish"), or point --state at the manifest your publishes write.',
  },
  FEEDBACK_NO_MATCH: {
    title: 'A path or --id given to feedback names no published article',
    exitCode: ExitCode.usage,
    hint: 'Give a content file or folder of a published article, or the Halo id of one; "halo-kb status --articles" lists them.',
  },

  // watch and emulator
  PORT_IN_USE: {
    title: 'The preview port is already in use',
    exitCode: ExitCode.config,
    hint: (port: number): string => `Stop the program using it (another halo-kb watch?), or pick another port: halo-kb watch --port ${port + 1}`,
  },
  PORT_DENIED: { title: 'Not allowed to listen on the port', exitCode: ExitCode.config, hint: 'Use a port above 1023, e.g. --port 4380.' },
  EMULATOR_PORT_IN_USE: {
    title: "The emulator's port is already in use",
    exitCode: ExitCode.config,
    hint: 'Stop whatever listens there (perhaps another emulator), or pass --port 0 to pick a free port.',
  },
  EMULATOR_FLAG: { title: 'An emulator flag is wrong', exitCode: ExitCode.usage, hint: 'Run halo-kb emulator --help for its flags.' },
  EMULATOR_DATA_UNREADABLE: { title: 'The emulator data file cannot be read', exitCode: ExitCode.failure, hint: 'Point --data at a file you may read, or leave --data out to start with empty data.' },
  EMULATOR_DATA_INVALID: { title: 'The emulator data file is not one', exitCode: ExitCode.failure, hint: 'Point --data at another file, or delete this one to start with empty data.' },
  EMULATOR_DATA_UNWRITABLE: { title: 'The emulator data file cannot be written', exitCode: ExitCode.failure, hint: 'Point --data at a file in a folder you may write to.' },

  // init
  INIT_PACKAGE_SPEC: {
    title: '--package names no installable halo-kb',
    exitCode: ExitCode.usage,
    hint: 'Give an exact version (0.1.0), a release tarball (its path or https URL), or a git URL with a commit (github:OWNER/halo-kb#<commit>).',
  },
  INIT_NOT_A_FOLDER: { title: 'The init target is not a folder', exitCode: ExitCode.usage, hint: 'Name a new or an existing folder, e.g. "halo-kb init my-kb".' },
  INIT_NOT_WRITABLE: { title: 'The init target cannot be written', exitCode: ExitCode.failure, hint: 'Pick a folder you may write to, or change its permissions; nothing was written.' },
  INIT_PATH_BLOCKED: { title: 'Files or folders are in the way of the scaffold', exitCode: ExitCode.failure, hint: 'Move them aside, then run "halo-kb init" again; nothing was written.' },
  INIT_WRITE_FAILED: {
    title: 'A scaffold file could not be written',
    exitCode: ExitCode.failure,
    hint: (done: string): string => `Fix that and run "halo-kb init" again to finish (${done}).`,
  },
  INIT_PACKAGE_JSON: {
    title: 'halo-kb cannot be added to package.json',
    exitCode: ExitCode.failure,
    hint: (shown: string): string => `Fix ${shown} (or move it aside) and run "halo-kb init" again; nothing was written.`,
  },
  INIT_LOCKFILE: {
    title: 'package-lock.json was not written',
    exitCode: ExitCode.failure,
    hint: (lockCommand: string): string =>
      `The other files are written. Where the npm registry can be reached, run: ${lockCommand}\n  and commit package-lock.json: the workflows install halo-kb from it with "npm ci".`,
  },
} as const satisfies Record<string, CatalogueEntry>;

/** A code of the catalogue: the only codes `HaloKbError` takes. */
export type ErrorCode = keyof typeof ERRORS;

/** The catalogue's hint for `code`, when it needs no data. */
export function catalogueHint(code: ErrorCode): string | undefined {
  const hint = ERRORS[code].hint;
  return typeof hint === 'string' ? hint : undefined;
}
