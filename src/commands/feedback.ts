/**
 * `halo-kb feedback`: Halo's own feedback on the published articles, back to their writers: the
 * articles voted not useful, past their review date, or gone from Halo, with views and votes.
 * Reads only: the state manifest (which articles, their Halo ids and sources) and Halo's counters.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { sourceFileUrl } from '../content/article-path.js';
import { isInside } from '../content/file-paths.js';
import type { Config } from '../config/schema.js';
import { ConfigError, ExitCode, HaloKbError } from '../errors.js';
import { assessFeedback, DEFAULT_THRESHOLDS, type Thresholds } from '../feedback/assess.js';
import { readReviewDate } from '../feedback/halo-feedback.js';
import type { PublishedArticle } from '../feedback/read-feedback.js';
import { err, out, type Io } from '../io.js';
import { readManifest, type Manifest } from '../plan/manifest.js';
import { feedbackJson, feedbackMarkdown, feedbackText, type FeedbackReport } from '../report/feedback-report.js';
import { plural } from '../report/plural.js';
import { reportHaloProgress } from './halo-progress.js';
import type { SetExit } from './index.js';

interface FeedbackFlags {
  config?: string;
  state?: string;
  format?: 'text' | 'markdown' | 'json';
  json?: boolean;
  id?: number[];
  notUseful: number;
  notUsefulShare: number;
  reviewGrace: number;
  top: number;
  asOf?: string;
  failOnAttention?: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

function wholeNumber(what: string, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || n > max) throw new InvalidArgumentError(`expected ${what}.`);
    return n;
  };
}

function collectId(value: string, previous: number[] = []): number[] {
  const id = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || id < 1) throw new InvalidArgumentError('expected a Halo article id, a whole number such as 42.');
  return [...previous, id];
}

function asOfDate(value: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? readReviewDate(value) : null;
  if (date === null) throw new InvalidArgumentError('expected a date as YYYY-MM-DD, such as 2027-01-31.');
  return date;
}

/** The published articles the report is about: all, or those under `paths` or with the `ids` given. */
function publishedArticles(manifest: Manifest, config: Config, io: Io, paths: string[], ids: number[], url: (id: number) => string | undefined): PublishedArticle[] {
  const all = Object.entries(manifest.articles)
    .filter(([, a]) => a.retired === undefined)
    .map(([key, a]) => ({ key, source: a.source, title: a.title, haloId: a.haloId, url: url(a.haloId) }));
  if (paths.length === 0 && ids.length === 0) return all;
  const state = path.relative(io.cwd, config.stateFile) || config.stateFile;
  const under = (target: string, source: string): boolean => isInside(target, path.resolve(config.root, source));
  for (const p of paths) {
    if (!all.some((a) => under(path.resolve(io.cwd, p), a.source))) {
      throw new HaloKbError('FEEDBACK_NO_MATCH', `${p} holds no article published from this project (${state} records none there).`, {
        hint: 'Give a content file or folder of a published article, such as content/central; "halo-kb status --articles" lists them.',
      });
    }
  }
  for (const id of ids) {
    if (!all.some((a) => a.haloId === id)) {
      throw new HaloKbError('FEEDBACK_NO_MATCH', `--id ${id}: no article published from this project has Halo id ${id} (${state}).`, {
        hint: 'Give the Halo id of an article halo-kb published; the JSON report ("halo-kb feedback --json") lists them.',
      });
    }
  }
  return all.filter((a) => ids.includes(a.haloId) || paths.some((p) => under(path.resolve(io.cwd, p), a.source)));
}

async function runFeedback(io: Io, paths: string[], flags: FeedbackFlags): Promise<number> {
  // Reading the manifest is never stricter than that: strict: true applies to builds.
  const { config, warnings } = await loadConfig({ cwd: io.cwd, configFile: flags.config, env: io.env, state: flags.state, strict: false });
  for (const w of warnings) err(io, `warning: ${w}`);
  const state = path.relative(io.cwd, config.stateFile) || config.stateFile;
  const manifest = await readManifest(config.stateFile);
  if (!Object.values(manifest.articles).some((a) => a.retired === undefined)) {
    const what = existsSync(config.stateFile) ? `${state} records no published article` : `There is no state manifest at ${state}`;
    throw new HaloKbError('FEEDBACK_NOTHING_PUBLISHED', `${what}: the feedback report reads Halo's views and votes on the articles halo-kb published.`, {});
  }
  const [{ HaloClient }, { readHaloFeedback }, { haloArticleLink }, { checkInstance }, { toSnapshot }] = await Promise.all([
    import('../halo/client.js'),
    import('../feedback/read-feedback.js'),
    import('../report/article-link.js'),
    import('../plan/instance.js'),
    import('../plan/read-halo.js'),
  ]);
  const client = HaloClient.fromSettings(config.halo, { onEvent: reportHaloProgress(io, { quiet: flags.quiet === true, verbose: flags.verbose === true }), clock: io.clock });
  try {
    const base = client.endpoints.base;
    const articles = publishedArticles(manifest, config, io, paths, flags.id ?? [], (id) => haloArticleLink(config.halo.articleUrl, base, id));
    const reading = await readHaloFeedback(
      client,
      articles,
      (count, rowsCarryCounters) => {
        if (flags.quiet === true) return;
        const why = rowsCarryCounters ? 'not in the article listing with their counters' : "Halo's article listing does not carry views and votes";
        err(io, `Reading ${plural(count, 'article')} one by one (${plural(count, 'request')}, paced under Halo's limit of about 300 per 5 minutes): ${why}.`);
      },
      // As plan and status decide it: a manifest none of whose articles this Halo holds was written
      // for another one, and its ids would read other articles (or 404 for all) here.
      (rows) => {
        const instance = checkInstance(manifest, base, { faqLists: [], articles: rows.map(toSnapshot) });
        if (instance.kind === 'other') {
          throw new ConfigError(
            'STATE_OTHER_HALO',
            `The state manifest ${state} was written for the Halo at ${instance.from}, but HALO_URL is ${base}, where none of its ${instance.articles} published articles are found.`,
            { hint: 'Set HALO_URL to the Halo the manifest was published to, or --state to the manifest of this Halo.' },
          );
        }
        if (instance.kind === 'moved') err(io, `warning: ${state} was written for the Halo at ${instance.from}; reading from ${base}: its article ids may name other articles there.`);
      },
    );
    const thresholds: Thresholds = { notUsefulVotes: flags.notUseful, notUsefulShare: flags.notUsefulShare, reviewGraceDays: flags.reviewGrace, top: flags.top };
    const assessment = assessFeedback(reading.reads, flags.asOf ?? new Date().toISOString().slice(0, 10), thresholds);
    const sourceUrl = config.sourceUrl;
    const report: FeedbackReport = {
      halo: base,
      assessment,
      requests: { total: client.requestCounts().total, fromList: reading.fromList, perArticle: reading.perArticle },
      ...(sourceUrl === undefined ? {} : { sourceUrl: (source: string) => sourceFileUrl(sourceUrl, source) }),
    };
    const format = flags.json === true ? 'json' : (flags.format ?? 'text');
    if (format === 'json') out(io, JSON.stringify(feedbackJson(report), null, 2));
    else if (format === 'markdown') out(io, feedbackMarkdown(report));
    else out(io, feedbackText(report, { verbose: flags.verbose === true }));
    return flags.failOnAttention === true && assessment.summary.needAttention > 0 ? ExitCode.changes : ExitCode.ok;
  } finally {
    await client.close();
  }
}

const FEEDBACK_HELP = `
An article needs attention when it is voted not useful (at least --not-useful votes, and at least
--not-useful-share percent of its votes), its next review date has passed (by more than
--review-grace days), or it is inactive or gone in Halo.

Requests: one listing of Halo's articles (a page per 1000), and one request per article whose
counters the listing does not carry. Give paths or --id to read fewer.

Exit codes:
  0   the report was made (articles needing attention included)
  2   with --fail-on-attention: at least one article needs attention
  3   configuration or connection problem, or nothing published yet
  64  the command line itself was wrong`;

export function registerFeedback(program: Command, io: Io, setExit: SetExit): void {
  program
    .command('feedback')
    .description("Report Halo's feedback on the published articles: voted not useful, review overdue, gone from Halo; views and votes.")
    .argument('[paths...]', 'report only on the articles at or under these content folders or files')
    .option('--id <id>', 'report only on the article with this Halo id (repeat for more)', collectId)
    .option('--config <file>', 'config file (default: halo-kb.yml)')
    .option('--state <file>', 'state manifest (default: state/manifest.json)')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--json', 'same as --format json')
    .option('--not-useful <votes>', 'not-useful votes that call for attention', wholeNumber('a whole number of votes, such as 2'), DEFAULT_THRESHOLDS.notUsefulVotes)
    .option(
      '--not-useful-share <percent>',
      "and the share of an article's votes that must be not useful",
      wholeNumber('a whole percentage from 0 to 100, such as 50', 100),
      DEFAULT_THRESHOLDS.notUsefulShare,
    )
    .option('--review-grace <days>', 'days past the next review date before it calls for attention', wholeNumber('a whole number of days, such as 14'), DEFAULT_THRESHOLDS.reviewGraceDays)
    .option('--top <n>', 'also list the n most and least viewed articles', wholeNumber('a whole number of articles, such as 5'), DEFAULT_THRESHOLDS.top)
    .option('--as-of <date>', 'judge review dates as of this day, YYYY-MM-DD (default: today, UTC)', asOfDate)
    .option('--fail-on-attention', 'exit 2 when any article needs attention (for CI)')
    .option('-v, --verbose', 'list every article, and log every request to Halo on stderr')
    .option('-q, --quiet', 'no progress, retry or rate-limit lines on stderr')
    .addHelpText('after', FEEDBACK_HELP)
    .action(async (paths: string[], flags: FeedbackFlags) => setExit(await runFeedback(io, paths, flags)));
}
