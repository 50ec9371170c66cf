// RSS / Atom feeds (adapters/rss/README.md §5.2): subscriptions with their fetch
// health, articles deduplicated per feed, and each user's read/starred flags. A feed belongs to
// one user or is shared by an admin (owner_key 'shared'); the flags live apart from articles so a
// shared feed's article is stored once however many users read it.
import type { Knex } from 'knex';

const TS = 23;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('feeds', (t) => {
    t.increments('id').primary();
    // 'u<user id>' or 'shared': NULLs are distinct in unique indexes, so the owner needs a key.
    t.string('owner_key', 20).notNullable();
    t.integer('owner_user_id').references('users.id').onDelete('CASCADE');
    t.text('url').notNullable();
    t.text('site_url');
    t.text('title');
    t.text('doc_title');
    t.string('folder', 100);
    t.integer('refresh_seconds').notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    t.text('etag');
    t.text('last_modified');
    t.integer('last_status');
    t.string('last_fetched_at', TS);
    t.string('last_success_at', TS);
    t.string('last_parsed_at', TS);
    t.string('next_check_at', TS).notNullable();
    t.integer('error_count').notNullable().defaultTo(0);
    t.text('last_error');
    t.integer('not_modified_count').notNullable().defaultTo(0);
    t.integer('created_by');
    t.string('created_at', TS).notNullable();
    t.string('updated_at', TS).notNullable();
    t.unique(['owner_key', 'url']);
    t.index(['enabled', 'next_check_at']);
  });
  await knex.schema.createTable('feed_articles', (t) => {
    t.increments('id').primary();
    t.integer('feed_id').notNullable().references('feeds.id').onDelete('CASCADE');
    // sha256 of "guid:…", "link:…" or "hash:…" (dedupe order of §5.2).
    t.string('dedupe_key', 64).notNullable();
    t.text('guid');
    t.text('link');
    t.text('title').notNullable().defaultTo('');
    t.text('author');
    t.string('published_at', TS);
    t.string('updated_at', TS);
    t.text('summary');
    t.text('content');
    t.text('enclosures');
    t.string('content_hash', 64).notNullable();
    t.string('first_seen_at', TS).notNullable();
    t.string('last_seen_at', TS).notNullable();
    t.string('changed_at', TS).notNullable();
    t.unique(['feed_id', 'dedupe_key']);
    t.index(['feed_id', 'published_at']);
    t.index(['last_seen_at']);
  });
  await knex.schema.createTable('feed_article_states', (t) => {
    t.integer('article_id').notNullable().references('feed_articles.id').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.boolean('is_read').notNullable().defaultTo(false);
    t.boolean('starred').notNullable().defaultTo(false);
    t.string('read_at', TS);
    t.string('starred_at', TS);
    t.primary(['article_id', 'user_id']);
    t.index(['user_id', 'starred']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('feed_article_states');
  await knex.schema.dropTableIfExists('feed_articles');
  await knex.schema.dropTableIfExists('feeds');
}
