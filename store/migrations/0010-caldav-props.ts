// CalDAV (RFC 4918 §9.2 PROPPATCH, gateway/caldav/README.md §1.2): the display name, colour, order
// and description a user gave one of the calendars in their home. Stored per user and calendar, so
// a colour picked for a group calendar on one user's phone does not repaint it for the others.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('caldav_calendar_props', (t) => {
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    // The calendar's path segment in the home: events, tasks, group-<id>-events, group-<id>-tasks.
    t.string('calendar', 40).notNullable();
    t.string('displayname', 250);
    t.string('color', 20);
    t.text('description');
    t.integer('sort_order');
    t.primary(['user_id', 'calendar']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('caldav_calendar_props');
}
