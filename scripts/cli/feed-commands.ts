// `feed add|fetch|list`: following feeds from the command line, as the console does.
// `feed fetch` fetches now in this process, whatever the schedule, and prints the counts.
import { FeedService, feedUserAgent, type FetchSummary } from '../../adapters/rss/feed-service.js';
import type { GatewayConfig } from '../../gateway/config.js';
import { VERSION } from '../../gateway/version.js';
import { GatewayError } from '../../store/errors.js';
import type { Feed } from '../../store/feeds/feed-types.js';
import type { Store } from '../../store/store.js';
import { flags, str, UsageError } from './args.js';
import type { Command } from './commands.js';
import { withStore } from './with-store.js';

function serviceFor(config: GatewayConfig, store: Store): FeedService {
  return new FeedService(store.db.knex, config, { userAgent: feedUserAgent(VERSION) });
}

function wholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value))
    throw new UsageError(`--${flag}: expected a whole number, got "${value}"`);
  return Number(value);
}

async function ownerId(
  store: Store,
  userName: string | undefined,
  shared: boolean,
): Promise<number | null> {
  if (shared) {
    if (userName !== undefined) throw new UsageError('use either --user or --shared');
    return null;
  }
  if (userName === undefined)
    throw new UsageError('--user is required (or --shared for a feed every user sees)');
  const user = await store.users.findByUserName(userName);
  if (!user) throw new GatewayError('not_found', `User ${userName} does not exist`);
  return user.id;
}

function view(feed: Feed): Record<string, unknown> {
  return {
    id: feed.id,
    url: feed.url,
    title: feed.title,
    folder: feed.folder,
    shared: feed.shared,
    ownerUserId: feed.ownerUserId,
    enabled: feed.enabled,
    refreshSeconds: feed.refreshSeconds,
    lastFetchedAt: feed.lastFetchedAt,
    lastStatus: feed.lastStatus,
    nextCheckAt: feed.nextCheckAt,
    errorCount: feed.errorCount,
    lastError: feed.lastError,
    notModifiedCount: feed.notModifiedCount,
  };
}

function counts(summary: FetchSummary): Record<string, unknown> {
  const { outcomes, ...totals } = summary;
  return {
    ...totals,
    results: outcomes.map((o) => ({
      id: o.feedId,
      result: o.result,
      created: o.created,
      updated: o.updated,
      error: o.error,
    })),
  };
}

export const FEED_COMMANDS: readonly Command[] = [
  {
    noun: 'feed',
    verb: 'add',
    usage:
      'feed add --user U|--shared --url URL [--title T] [--folder F] [--refresh-seconds N]   (URL of a feed or of a site page)',
    run: async (args, { config }) => {
      const f = flags(
        args,
        {
          user: { type: 'string' },
          shared: { type: 'boolean' },
          url: { type: 'string' },
          title: { type: 'string' },
          folder: { type: 'string' },
          'refresh-seconds': { type: 'string' },
        },
        ['url'],
      );
      const refreshSeconds = wholeNumber(str(f, 'refresh-seconds'), 'refresh-seconds');
      return withStore(config, async (store) => {
        const owner = await ownerId(store, str(f, 'user'), f.shared === true);
        const { feed, outcome } = await serviceFor(config, store).subscribe({
          url: str(f, 'url') as string,
          ownerUserId: owner,
          title: str(f, 'title') ?? null,
          folder: str(f, 'folder') ?? null,
          ...(refreshSeconds !== undefined ? { refreshSeconds } : {}),
          createdBy: owner,
        });
        return { ...view(feed), articles: outcome.created };
      });
    },
  },
  {
    noun: 'feed',
    verb: 'fetch',
    usage: 'feed fetch [--id N]   (fetches now: one feed, or every enabled feed; prints counts)',
    run: async (args, { config }) => {
      const f = flags(args, { id: { type: 'string' } });
      const id = wholeNumber(str(f, 'id'), 'id');
      return withStore(config, async (store) => {
        const service = serviceFor(config, store);
        const feeds = id === undefined ? undefined : [await service.feeds.mustGet(id)];
        return counts(await service.refreshAll(feeds));
      });
    },
  },
  {
    noun: 'feed',
    verb: 'list',
    usage:
      "feed list [--user U]   (feeds with their health; with --user, that user's and the shared ones)",
    run: async (args, { config }) => {
      const f = flags(args, { user: { type: 'string' } });
      return withStore(config, async (store) => {
        const service = serviceFor(config, store);
        const userName = str(f, 'user');
        const feeds =
          userName === undefined
            ? await service.feeds.listAll()
            : await service.feeds.listVisible((await ownerId(store, userName, false)) as number);
        return feeds.map(view);
      });
    },
  },
];
